"""What closure plugs into the stages below it (workspace sections, coordinators' facts,
the programme's admin). Each part registers itself here, once, when the app is ready."""


def register_all() -> None:
    pass
