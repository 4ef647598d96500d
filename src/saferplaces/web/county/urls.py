from django.urls import path

from saferplaces.web.county import agreement_views, views

app_name = "county"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("evidence/", views.evidence, name="evidence"),
    path("agreement/", agreement_views.agreements, name="agreements"),
    path("agreement/<str:name>/agreement.<str:fmt>", agreement_views.agreement_file, name="file"),
    path("agreement/<str:name>/sent/", agreement_views.record_sent, name="sent"),
]
