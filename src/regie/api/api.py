"""The /api/v1 NinjaAPI: placeholder until the API module is written."""

from ninja import NinjaAPI

api = NinjaAPI(title="Regie API", version="1.0.0", urls_namespace="api")
