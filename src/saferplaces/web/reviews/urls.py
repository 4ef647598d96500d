from django.urls import path

from saferplaces.web.reviews.views import asb, dardr, publication, setup

app_name = "reviews"
urlpatterns = [
    path("", setup.index, name="index"),
    path("settings/", setup.settings_edit, name="settings"),
    path("group/add/", setup.group_add, name="group_add"),
    path("group/<int:pk>/remove/", setup.group_remove, name="group_remove"),
    # ASB case reviews
    path("asb/", asb.register, name="asb"),
    path("asb/register.csv", asb.register_csv, name="asb_csv"),
    path("asb/add/", asb.case_edit, name="asb_add"),
    path("asb/<int:pk>/", asb.case_detail, name="asb_case"),
    path("asb/<int:pk>/edit/", asb.case_edit, name="asb_edit"),
    path("asb/<int:pk>/archive/", asb.case_archive, name="asb_archive"),
    path("asb/<int:pk>/complaints/add/", asb.complaint_add, name="asb_complaint_add"),
    path("asb/<int:pk>/recommendations/add/", asb.recommendation_edit, name="asb_rec_add"),
    path(
        "asb/<int:pk>/recommendations/<int:rec_pk>/",
        asb.recommendation_edit,
        name="asb_rec_edit",
    ),
    path("asb/publication/<str:year>/", publication.preview, name="asb_publication"),
    path("asb/publication/<str:year>/publish/", publication.publish, name="asb_publish"),
    # Domestic abuse related death reviews: the named review group only
    path("dardr/", dardr.register, name="dardr"),
    path("dardr/summary/", dardr.summary, name="dardr_summary"),
    path("dardr/summary.<str:fmt>", dardr.summary_document, name="dardr_summary_document"),
    path("dardr/add/", dardr.review_edit, name="dardr_add"),
    path("dardr/<int:pk>/", dardr.review_detail, name="dardr_review"),
    path("dardr/<int:pk>/edit/", dardr.review_edit, name="dardr_edit"),
    path("dardr/<int:pk>/archive/", dardr.review_archive, name="dardr_archive"),
    path("dardr/<int:pk>/costs/add/", dardr.cost_add, name="dardr_cost_add"),
    path("dardr/<int:pk>/recommendations/add/", dardr.recommendation_edit, name="dardr_rec_add"),
    path(
        "dardr/<int:pk>/recommendations/<int:rec_pk>/edit/",
        dardr.recommendation_edit,
        name="dardr_rec_edit",
    ),
    path("dardr/recommendations/<int:rec_pk>/", dardr.recommendation_detail, name="dardr_rec"),
    path(
        "dardr/recommendations/<int:rec_pk>/status/",
        dardr.recommendation_status,
        name="dardr_rec_status",
    ),
]
