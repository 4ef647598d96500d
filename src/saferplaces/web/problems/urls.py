from django.urls import path

from saferplaces.web.problems import views

app_name = "problems"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("open/", views.open_plan, name="open"),
    path("hotspots/", views.hotspot_list, name="hotspots"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/actions/add/", views.link_action, name="link_action"),
    path("<int:pk>/assess/", views.assess, name="assess"),
    path("<int:pk>/archive/", views.plan_archive, name="archive"),
    path("<int:pk>/plan.<str:fmt>", views.plan_document, name="document"),
]
