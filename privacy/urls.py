from . import export_urls

app_name = "privacy"

urlpatterns = [*export_urls.urlpatterns]
