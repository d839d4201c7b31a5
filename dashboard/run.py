"""The development server: `python -m dashboard.run` on http://127.0.0.1:8050 (gunicorn in production)."""
from .app import create_app

if __name__ == "__main__":
    create_app().run(host="127.0.0.1", port=8050, debug=True)
