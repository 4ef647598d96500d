# Published assessments: the public edition, once an officer publishes it.
from django.urls import path

from saferplaces.web.evidence import assessment_views

app_name = "published"
urlpatterns = [
    path("", assessment_views.published_list, name="list"),
    path("<str:name>/assessment.<str:fmt>", assessment_views.published_file, name="file"),
]
