"""The development server: `python -m dashboard.run` on http://127.0.0.1:8050 (gunicorn in production)."""
from .app import app

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8050, debug=True)
