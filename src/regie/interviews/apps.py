from regie.cases import registry


class InterviewsConfig(registry.ProcessAppConfig):
    name = "regie.interviews"
    label = "interviews"
    dossier_order = 10
