"""The widgets, driven in a real browser: JupyterLab started on a local port (stopped on every exit
path), notebook 01 opened with interactive=True through playwright in Debian's Chromium, every
cell run, a slider of the explorer moved, and the figure it drives seen to change."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from swapmodel.base import paths
from swapmodel.report import runner
from test_browser import ARGS, CHROMIUM, SCREENSHOTS

TOKEN = "swapmodel-widget-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on a free local port, serving a copy of notebook 01 as .ipynb; killed (with its
    kernels) on every exit path."""
    import jupytext

    nb = jupytext.read(runner.notebooks()[0])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.pop("jupytext", None)  # a plain notebook: no pairing with a py:percent file
    jupytext.write(nb, tmp_path / "explore.ipynb")
    port = _free_port()
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # SIGTERM unwinds through finally
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={tmp_path}", "--allow-root",
         "--LabApp.expose_app_in_browser=True", "--ServerApp.disable_check_xsrf=True"],
        cwd=paths.NOTEBOOKS, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        signal.signal(signal.SIGTERM, previous)


def test_moving_a_slider_redraws_the_figure(lab):
    if CHROMIUM is None:
        pytest.fail("chromium is not installed: `make test` installs Debian's chromium package (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{lab}/lab/tree/explore.ipynb?token={TOKEN}")
            page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=120_000)
            # the notebook's kernel is connected and idle (the status bar shows "Idle" before that)
            page.wait_for_function(
                "(() => { const w = window.jupyterapp.shell.currentWidget;"
                " const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;"
                " return k && k.connectionStatus === 'connected' && k.status === 'idle'; })()", timeout=120_000)
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); return true; }")
            slider = page.locator(".widget-slider .noUi-handle").first
            slider.wait_for(state="attached", timeout=240_000)
            slider.scroll_into_view_if_needed()
            figure = page.locator(".widget-output img").first
            figure.wait_for(state="attached", timeout=120_000)
            before = figure.get_attribute("src")
            slider.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "before => { const i = document.querySelector('.widget-output img');"
                " return i && i.getAttribute('src') !== before; }", arg=before, timeout=120_000)
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "widget_moved.png"))
        finally:
            browser.close()


def test_chromium_and_playwright_are_installed():
    assert CHROMIUM and shutil.which(CHROMIUM)
