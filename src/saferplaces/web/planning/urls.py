from django.urls import path

from saferplaces.web.planning.views import overview, plan, prioritise

app_name = "planning"
urlpatterns = [
    path("", overview.index, name="index"),
    path("prioritisations/new/", prioritise.open_view, name="open"),
    path("prioritisations/<int:pk>/", prioritise.matrix_view, name="matrix"),
    path("prioritisations/<int:pk>/issues/add/", prioritise.issue_add, name="issue_add"),
    path("prioritisations/<int:pk>/issues/<int:issue_pk>/", prioritise.issue_view, name="issue"),
    path(
        "prioritisations/<int:pk>/issues/<int:issue_pk>/score/",
        prioritise.score_view,
        name="score",
    ),
    path(
        "prioritisations/<int:pk>/issues/<int:issue_pk>/override/",
        prioritise.override_view,
        name="override",
    ),
    path("prioritisations/<int:pk>/import/", prioritise.import_view, name="import"),
    path("prioritisations/<int:pk>/close/", prioritise.close_view, name="close"),
    path("prioritisations/<int:pk>/agree/", prioritise.agree_view, name="agree"),
    path("prioritisations/<int:pk>/<str:fmt>/", prioritise.export_view, name="export"),
    path("plans/<str:year>/", plan.plan_view, name="plan"),
    path("plans/<str:year>/edit/", plan.plan_edit, name="plan_edit"),
    # Before plan-<edition>.<fmt>, which would otherwise take it.
    path("plans/<str:year>/plan-record.json", plan.record_json, name="record"),
    path(
        "plans/<str:year>/plan-<str:edition>.<str:fmt>",
        plan.plan_document,
        name="plan_document",
    ),
    path("plans/<str:year>/annual-review.<str:fmt>", plan.review_document, name="review"),
    path("plans/<str:year>/measures/add/", plan.measure_add, name="measure_add"),
    path("plans/<str:year>/submissions/add/", plan.submission_add, name="submission_add"),
]
