from regie.cases import registry


class SupportConfig(registry.ProcessAppConfig):
    name = "regie.support"
    label = "support"
    dossier_order = 40
    section_is_context = True
