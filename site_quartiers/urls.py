from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from bookings import urls as bookings_urls
from home import views as home_views

handler500 = "home.views.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The recurrence widget reads its French labels from this catalog.
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["recurrence"]),
        name="javascript-catalog",
    ),
    path("recherche/", home_views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include(bookings_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

elif settings.SERVE_MEDIA:
    # `make prod` without nginx: images from MEDIA_ROOT, as nginx serves them
    # in production (deploy/nginx/vie-des-quartiers-proxy.conf); documents go
    # through Wagtail's view, which checks who may see a private one.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>images/.+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
