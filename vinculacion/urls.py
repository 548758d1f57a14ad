app_name = "vinculacion"
urlpatterns: list = []
