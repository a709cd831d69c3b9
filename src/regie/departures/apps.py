from regie.cases import registry


class DeparturesConfig(registry.ProcessAppConfig):
    name = "regie.departures"
    label = "departures"
    dossier_order = 60
    section_is_context = True
