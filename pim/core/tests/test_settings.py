"""The production switch: `manage.py check --deploy` must be clean, and every response carries a CSP."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase, TestCase

BASE_DIR = Path(__file__).resolve().parents[3]


class DeployCheckTests(SimpleTestCase):
    def test_check_deploy_is_clean_under_production_settings(self):
        env = {
            **os.environ,
            "DJANGO_PRODUCTION": "1",
            "DJANGO_SECRET_KEY": "x" * 64 + "-production-like-secret-key-for-the-check",
            "DJANGO_ALLOWED_HOSTS": "pim.example.gov.pl",
            "DATABASE_URL": "",
            "PIM_TESTING": "0",
        }
        # The browser tests need this variable; a real deployment never sets it.
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)


class SecurityHeaderTests(TestCase):
    def test_every_page_sends_a_content_security_policy_without_unsafe_inline(self):
        response = self.client.get("/healthz/")
        csp = response.headers["Content-Security-Policy"]
        self.assertIn("default-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(response.headers["X-Frame-Options"], "DENY")
