from regie.cases import registry


class RemovabilityConfig(registry.ProcessAppConfig):
    name = "regie.removability"
    label = "removability"
    dossier_order = 20
