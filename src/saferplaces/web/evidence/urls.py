# The evidence pages read the DuckDB warehouse through the core library (see
# warehouse.py); the web database keeps only the record of generated assessments.
from django.urls import path

from saferplaces.web.evidence import assessment_views, flag_views, pages, similar

app_name = "evidence"
urlpatterns = [
    path("", pages.indicators, name="indicators"),
    path("wards/", pages.wards, name="wards"),
    path("wards/<str:code>/", pages.ward, name="ward"),
    path("trend/", pages.trend, name="trend"),
    path("similar/", similar.similar, name="similar"),
    path("quality/", pages.quality, name="quality"),
    path("flags/", flag_views.flags, name="flags"),
    path("flags/run/", flag_views.flags_run, name="flags_run"),
    path("flags/report/", flag_views.flags_report, name="flags_report"),
    path("flags/wards/<str:code>/", flag_views.flag_ward, name="flag_ward"),
    path("flags/wards/<str:code>/decide/", flag_views.flag_decide, name="flag_decide"),
    path("assessments/", assessment_views.assessment_list, name="assessments"),
    path("assessments/new/", assessment_views.assessment_new, name="assessment_new"),
    path("assessments/jobs/<int:pk>/", assessment_views.assessment_job, name="assessment_job"),
    path(
        "assessments/<str:name>/publish/",
        assessment_views.assessment_publish,
        name="assessment_publish",
    ),
    path(
        "assessments/<str:name>/assessment.<str:fmt>",
        assessment_views.assessment_file,
        name="assessment_file",
    ),
]
