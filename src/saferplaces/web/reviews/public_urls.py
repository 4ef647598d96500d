from django.urls import path

from saferplaces.web.reviews.views import publication

app_name = "public_reviews"
urlpatterns = [
    path("", publication.public_list, name="list"),
    path("asb/<str:year>/", publication.public_year, name="asb_year"),
    path("asb/<str:year>/counts.csv", publication.public_csv, name="asb_csv"),
    path("asb/<str:year>/document.<str:fmt>", publication.public_document, name="asb_document"),
]
