from django.urls import path

from saferplaces.web.actions import views

app_name = "actions"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("print/<str:year>/", views.plan_print, name="print"),
    path("print/<str:year>.<str:fmt>", views.plan_print, name="print"),
    path("priorities/add/", views.priority_edit, name="priority_add"),
    path("priorities/<int:pk>/", views.priority_edit, name="priority_edit"),
    path("actions/add/", views.action_edit, name="action_add"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/rag/", views.rag_update, name="rag"),
    path("actions/<int:pk>/progress/", views.progress_add, name="progress_add"),
    path("actions/<int:pk>/places/", views.place_add, name="place_add"),
]
