from django.urls import path

from saferplaces.web.meetings import exports, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_edit, name="add"),
    path("action-points/", views.action_points, name="action_points"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/items/add/", views.item_edit, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/minutes/", views.item_minutes, name="item_minutes"),
    path("<int:pk>/items/<int:item_pk>/papers/add/", views.paper_add, name="paper_add"),
    path("<int:pk>/papers/<int:paper_pk>/", views.paper_download, name="paper"),
    path("<int:pk>/questions/add/", views.question_add, name="question_add"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/declarations/add/", views.declaration_add, name="declaration_add"),
    path("<int:pk>/agree-minutes/", views.agree_minutes, name="agree_minutes"),
    path("<int:pk>/review/<int:point_pk>/", views.review_point, name="review"),
    path("<int:pk>/action-points/<int:point_pk>/", views.action_point_edit, name="point_edit"),
    path("<int:pk>/agenda.<str:fmt>", exports.agenda_pack, name="agenda_pack"),
    path("<int:pk>/minutes.<str:fmt>", exports.minutes, name="minutes"),
]
