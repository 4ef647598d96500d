from django.urls import path

from saferplaces.web.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.register_list, name="list"),
    path("add/", views.edit, name="add"),
    path("agreements.<str:fmt>", views.download, name="download"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/archive/", views.archive, name="archive"),
]
