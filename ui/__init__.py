"""The PySide6 face of fttool. Views stay thin: they show state and turn clicks into bridge calls."""
