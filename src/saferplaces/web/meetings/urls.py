from django.urls import path

from saferplaces.web.meetings import exports
from saferplaces.web.meetings.views import agenda, attendance, feed, minutes, pages
from saferplaces.web.notices import views as notices

app_name = "meetings"
urlpatterns = [
    path("", pages.meeting_list, name="list"),
    path("new/", agenda.meeting_edit, name="add"),
    path("calendar.ics", feed.calendar_feed, name="calendar"),
    path("action-points/", pages.action_points, name="action_points"),
    path("<int:pk>/", pages.meeting_detail, name="detail"),
    path("<int:pk>/edit/", agenda.meeting_edit, name="edit"),
    path("<int:pk>/items/add/", agenda.item_edit, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/", agenda.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/minutes/", minutes.item_minutes, name="item_minutes"),
    path("<int:pk>/items/<int:item_pk>/papers/add/", agenda.paper_add, name="paper_add"),
    path("<int:pk>/papers/<int:paper_pk>/", agenda.paper_download, name="paper"),
    path("<int:pk>/publish-agenda/", notices.publish_agenda, name="publish_agenda"),
    path("<int:pk>/questions/add/", agenda.question_add, name="question_add"),
    path("<int:pk>/attendance/", attendance.attendance, name="attendance"),
    path("<int:pk>/declarations/add/", agenda.declaration_add, name="declaration_add"),
    path("<int:pk>/records/<str:kind>/<int:record_pk>/", agenda.record_edit, name="record_edit"),
    path(
        "<int:pk>/records/<str:kind>/<int:record_pk>/archive/",
        agenda.record_archive,
        name="record_archive",
    ),
    path("<int:pk>/agree-minutes/", minutes.agree_minutes, name="agree_minutes"),
    path("<int:pk>/amend/", minutes.amend, name="amend"),
    path("<int:pk>/review/<int:point_pk>/", minutes.review_point, name="review"),
    path("<int:pk>/action-points/<int:point_pk>/", minutes.action_point_edit, name="point_edit"),
    path("<int:pk>/agenda.<str:fmt>", exports.agenda_pack, name="agenda_pack"),
    path("<int:pk>/minutes.<str:fmt>", exports.minutes, name="minutes"),
]
