"""Built-in model plugins, registered through the ``kooperacje.plugins`` entry points like any other."""
