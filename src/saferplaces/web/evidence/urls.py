from django.urls import path

from saferplaces.web.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.indicators, name="indicators"),
    path("wards/", views.wards, name="wards"),
    path("wards/<str:code>/", views.ward, name="ward"),
    path("trend/", views.trend, name="trend"),
    path("quality/", views.quality, name="quality"),
    path("assessments/", views.assessment_list, name="assessments"),
    path(
        "assessments/<str:name>/assessment.<str:fmt>",
        views.assessment_file,
        name="assessment_file",
    ),
]
