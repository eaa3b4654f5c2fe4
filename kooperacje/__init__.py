"""Kooperacje: multi-sector cooperation models for Polish municipalities."""
import pluggy

__version__ = "0.1.0"

#: Marker for hook implementations in model plugins: ``@hookimpl def model_info(): ...``
hookimpl = pluggy.HookimplMarker("kooperacje")


def create_app(config=None, plugins=None):
    """Build the Flask application (see :mod:`kooperacje.app`)."""
    from kooperacje.app import create_app as _create_app

    return _create_app(config=config, plugins=plugins)
