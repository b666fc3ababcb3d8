"""Serve the trained digit classifier over HTTP.

  POST /predict  {"instances": [[64 numbers], ...]}  ->  {"predictions": [digit, ...]}
  GET  /health   200 once the model is loaded, 503 before
  GET  /metrics  Prometheus text format: requests, predictions, latency, model_loaded

Environment: MODEL_PATH (default /models/model.pkl; several, colon-separated: the first that exists), PORT
(default 8000).
The model is loaded in the background, so /health answers (503) from the first second; SIGTERM stops
the server at once.
"""

import collections
import json
import math
import os
import pickle
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL_PATH = os.environ.get("MODEL_PATH", "/models/model.pkl")
PORT = int(os.environ.get("PORT", "8000"))
MAX_BODY = 8 * 1024 * 1024
MAX_INSTANCES = 10_000
QUANTILES = (0.5, 0.9, 0.99)
PATHS = ("/predict", "/health", "/metrics")


def log(message):
    print(f"[serve] {message}", file=sys.stderr, flush=True)


class Model:
    """The loaded model, or None until the loader thread has read it."""

    def __init__(self):
        self.estimator = None
        self.n_features = None
        self.info = {}
        self.loaded_at = 0.0

    def load_forever(self, paths, delay=1.0):
        """paths: colon-separated; the first that exists is loaded (mlcompose's best model, else the volume's)."""
        waiting = False
        while True:
            candidates = paths.split(":")
            path = next((p for p in candidates if os.path.exists(p)), candidates[-1])
            try:
                with open(path, "rb") as f:
                    payload = pickle.load(f)
                break
            except FileNotFoundError:
                if not waiting:
                    log(f"waiting for the model at {path}")
                    waiting = True
            except Exception as e:  # a broken file: say so, keep trying (a new training run replaces it)
                log(f"cannot load {path}: {type(e).__name__}: {e}")
            time.sleep(delay)
        estimator = payload["model"] if isinstance(payload, dict) else payload
        self.info = {k: v for k, v in payload.items() if k != "model"} if isinstance(payload, dict) else {}
        self.n_features = getattr(estimator, "n_features_in_", None)
        self.loaded_at = time.time()
        self.estimator = estimator  # last: /health turns 200 only with everything set
        log(f"model loaded from {path}: {self.info.get('estimator', type(estimator).__name__)}, "
            f"accuracy {self.info.get('accuracy', 'n/a')}, trained at {self.info.get('trained_at', 'n/a')}")


class Metrics:
    """Counters and a latency summary (quantiles over the last 1000 requests), in Prometheus text format."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = collections.Counter()  # (method, path, code) -> count
        self.predictions = 0
        self.latency = collections.deque(maxlen=1000)
        self.latency_sum = 0.0
        self.latency_count = 0

    def request(self, method, path, code):
        with self.lock:
            self.requests[(method, path if path in PATHS else "other", str(code))] += 1

    def predicted(self, n, seconds):
        with self.lock:
            self.predictions += n
            self.latency.append(seconds)
            self.latency_sum += seconds
            self.latency_count += 1

    def render(self, model):
        with self.lock:
            requests = sorted(self.requests.items())
            window = sorted(self.latency)
            predictions, total, count = self.predictions, self.latency_sum, self.latency_count
        lines = [
            "# HELP inference_requests_total HTTP requests served, by method, path and status code.",
            "# TYPE inference_requests_total counter",
        ]
        lines += [f'inference_requests_total{{method="{m}",path="{p}",code="{c}"}} {n}' for (m, p, c), n in requests]
        lines += [
            "# HELP inference_predictions_total Instances predicted.",
            "# TYPE inference_predictions_total counter",
            f"inference_predictions_total {predictions}",
            "# HELP inference_prediction_latency_seconds Time to predict one /predict request's instances.",
            "# TYPE inference_prediction_latency_seconds summary",
        ]
        for q in QUANTILES:
            value = repr(window[math.ceil(q * len(window)) - 1]) if window else "NaN"
            lines.append(f'inference_prediction_latency_seconds{{quantile="{q}"}} {value}')
        lines += [
            f"inference_prediction_latency_seconds_sum {total!r}",
            f"inference_prediction_latency_seconds_count {count}",
            "# HELP inference_model_loaded 1 once the model is loaded and predictions are served.",
            "# TYPE inference_model_loaded gauge",
            f"inference_model_loaded {1 if model.estimator is not None else 0}",
            "# HELP inference_model_load_timestamp_seconds When the model was loaded (Unix time).",
            "# TYPE inference_model_load_timestamp_seconds gauge",
            f"inference_model_load_timestamp_seconds {model.loaded_at!r}",
        ]
        if "accuracy" in model.info:
            lines += [
                "# HELP inference_model_accuracy Held-out accuracy the training job measured for this model.",
                "# TYPE inference_model_accuracy gauge",
                f"inference_model_accuracy {float(model.info['accuracy'])!r}",
            ]
        return "\n".join(lines) + "\n"


class BadRequest(Exception):
    pass


def parse_instances(body, n_features):
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise BadRequest(f"body is not JSON: {e}")
    instances = doc.get("instances") if isinstance(doc, dict) else None
    if not isinstance(instances, list) or not instances:
        raise BadRequest('expected {"instances": [[numbers], ...]} with at least one instance')
    if len(instances) > MAX_INSTANCES:
        raise BadRequest(f"at most {MAX_INSTANCES} instances per request, got {len(instances)}")
    for i, row in enumerate(instances):
        if not isinstance(row, list) or (n_features is not None and len(row) != n_features):
            raise BadRequest(f"instances[{i}]: expected a list of {n_features} numbers")
        for x in row:
            if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
                raise BadRequest(f"instances[{i}]: {x!r} is not a finite number")
    return instances


def handler(model, metrics):
    class Handler(BaseHTTPRequestHandler):
        server_version = "mlcompose-inference/1"

        def send(self, code, body, content_type="application/json"):
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            metrics.request(self.command, self.path.split("?")[0], code)

        def do_GET(self):
            path = self.path.split("?")[0]
            if path == "/health":
                if model.estimator is None:
                    self.send(503, {"status": "loading", "model_path": MODEL_PATH})
                else:
                    self.send(200, {"status": "ok", "model": model.info.get("estimator"),
                                    "trained_at": model.info.get("trained_at")})
            elif path == "/metrics":
                self.send(200, metrics.render(model), "text/plain; version=0.0.4; charset=utf-8")
            elif path == "/predict":
                self.send(405, {"error": "use POST"})
            else:
                self.send(404, {"error": f"no such path: {path}"})

        do_HEAD = do_GET

        def do_POST(self):
            path = self.path.split("?")[0]
            if path != "/predict":
                return self.send(404, {"error": f"no such path: {path}"})
            if model.estimator is None:
                return self.send(503, {"error": "the model is not loaded yet"})
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                return self.send(411, {"error": "Content-Length required"})
            if length > MAX_BODY:
                return self.send(413, {"error": f"body over {MAX_BODY} bytes"})
            try:
                instances = parse_instances(self.rfile.read(length), model.n_features)
            except BadRequest as e:
                return self.send(400, {"error": str(e)})
            started = time.perf_counter()
            try:
                predictions = model.estimator.predict(instances).tolist()
            except Exception as e:
                log(f"predict failed: {type(e).__name__}: {e}")
                return self.send(500, {"error": f"prediction failed: {type(e).__name__}"})
            metrics.predicted(len(instances), time.perf_counter() - started)
            self.send(200, {"predictions": predictions})

        def log_message(self, fmt, *args):
            # The healthcheck and the scrapes would drown everything else.
            if self.path.split("?")[0] not in ("/health", "/metrics"):
                log(f"{self.address_string()} {fmt % args}")

    return Handler


def main():
    model, metrics = Model(), Metrics()
    server = ThreadingHTTPServer(("0.0.0.0", PORT), handler(model, metrics))
    server.daemon_threads = True  # exit without waiting for open connections

    def stop(signum, frame):
        raise SystemExit(0)

    # As PID 1 a process gets no default signal action: without a handler, SIGTERM would be ignored.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=model.load_forever, args=(MODEL_PATH,), name="loader", daemon=True).start()
    log(f"listening on :{PORT}")
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
        log("stopped")


if __name__ == "__main__":
    main()
