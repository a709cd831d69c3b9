"""The project's URLs, with the measures pages included if the project does not include them yet."""

from django.urls import URLResolver, include, path

from regie.urls import urlpatterns as project

_included = any(isinstance(p, URLResolver) and p.namespace == "measures" for p in project)
urlpatterns = project if _included else [path("", include("regie.measures.urls")), *project]
