"""Train a digit classifier and record the run.

Trains an SVM on scikit-learn's bundled digits data set (8x8 images, 64 features; shipped inside the
package, so nothing is downloaded), prints each cross-validation fold and the held-out accuracy, writes
the model atomically to --out and appends the run's metrics to the training_runs table in PostgreSQL.

Environment: SEED (default 42), C (the SVM's regularization strength, default 10), DATABASE_HOST (default
database), DATABASE_PORT (5432),
METRICS_DB (metrics), METRICS_USER (ml), DB_PASSWORD_FILE (/run/secrets/db_password).
Exit codes: 0 done, 1 failed (the reason is printed on stderr), 2 bad arguments.
"""

import argparse
import datetime
import os
import pickle
import sys
import tempfile
import time

TABLE = """
CREATE TABLE IF NOT EXISTS training_runs (
    id          bigserial PRIMARY KEY,
    run_at      timestamptz      NOT NULL,
    model       text             NOT NULL,
    seed        integer          NOT NULL,
    n_samples   integer          NOT NULL,
    cv_accuracy double precision NOT NULL,
    accuracy    double precision NOT NULL,
    duration_s  double precision NOT NULL,
    model_path  text             NOT NULL
)"""


class Failure(Exception):
    """A failure with a message for the user."""


def log(message):
    print(f"[train] {message}", flush=True)


def env_int(name, default):
    value = os.environ.get(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise Failure(f"{name} must be an integer, got {value!r}")


def connect(attempts=5, delay=2.0):
    """Connects to the metrics database first, so that a bad setup fails before the training does."""
    import psycopg2

    host = os.environ.get("DATABASE_HOST", "database")
    port = env_int("DATABASE_PORT", 5432)
    db = os.environ.get("METRICS_DB", "metrics")
    user = os.environ.get("METRICS_USER", "ml")
    password_file = os.environ.get("DB_PASSWORD_FILE", "/run/secrets/db_password")
    try:
        with open(password_file, encoding="utf-8") as f:
            password = f.read().rstrip("\r\n")
    except OSError as e:
        raise Failure(f"cannot read the database password from {password_file}: {e.strerror}")
    for attempt in range(1, attempts + 1):
        try:
            conn = psycopg2.connect(host=host, port=port, dbname=db, user=user, password=password,
                                    connect_timeout=5, application_name="train.py")
            log(f"connected to postgresql://{user}@{host}:{port}/{db}")
            return conn
        except psycopg2.OperationalError as e:
            reason = str(e).strip().splitlines()[-1]
            if attempt == attempts or "password authentication failed" in reason:
                raise Failure(f"cannot connect to postgresql://{user}@{host}:{port}/{db}: {reason}")
            log(f"database not reachable yet ({reason}); retry {attempt}/{attempts - 1} in {delay:.0f}s")
            time.sleep(delay)


def env_float(name, default):
    value = os.environ.get(name, str(default))
    try:
        return float(value)
    except ValueError:
        raise Failure(f"{name} must be a number, got {value!r}")


def train(seed, folds, c):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import StratifiedKFold, train_test_split
    from sklearn.svm import SVC

    digits = load_digits()
    X, y = digits.data, digits.target
    log(f"dataset: scikit-learn digits, {X.shape[0]} samples, {X.shape[1]} features, seed {seed}")
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=seed)

    def new_model():
        return SVC(kernel="rbf", gamma=0.001, C=c)

    scores = []
    for fold, (fit, val) in enumerate(StratifiedKFold(folds, shuffle=True, random_state=seed).split(X_train, y_train), 1):
        score = new_model().fit(X_train[fit], y_train[fit]).score(X_train[val], y_train[val])
        scores.append(score)
        log(f"fold {fold}/{folds}: accuracy {score:.4f}")
    cv_accuracy = sum(scores) / len(scores)
    log(f"cross-validation: mean accuracy {cv_accuracy:.4f}")

    model = new_model().fit(X_train, y_train)
    accuracy = model.score(X_test, y_test)
    log(f"final model: held-out accuracy {accuracy:.4f} on {len(y_test)} samples")
    return model, {"cv_accuracy": cv_accuracy, "accuracy": accuracy, "n_samples": int(X.shape[0]),
                   "n_features": int(X.shape[1]), "estimator": repr(model)}


def write_atomically(path, payload):
    """Temp file in the same directory + rename: a reader sees the old model or the new one, never half."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".model-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(payload, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; the server may run as another uid
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def record(conn, run_at, seed, metrics, duration, path):
    with conn, conn.cursor() as cur:  # one transaction
        # two runs at once (a sweep's cells) may both create the table: PostgreSQL's IF NOT EXISTS is not atomic
        cur.execute("SELECT pg_advisory_xact_lock(4242)")
        cur.execute(TABLE)
        cur.execute(
            "INSERT INTO training_runs (run_at, model, seed, n_samples, cv_accuracy, accuracy, duration_s, model_path)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (run_at, metrics["estimator"], seed, metrics["n_samples"], metrics["cv_accuracy"], metrics["accuracy"],
             duration, path))
        return cur.fetchone()[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", action="append", help="where to write the model (pickle; repeatable);"
                        " default /models/model.pkl")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    args = parser.parse_args(argv)
    args.out = args.out or ["/models/model.pkl"]
    if args.folds < 2:
        parser.error("--folds must be at least 2")

    started = time.monotonic()
    run_at = datetime.datetime.now(datetime.timezone.utc)
    try:
        seed = env_int("SEED", 42)
        c = env_float("C", 10.0)
        for out in args.out:
            out_dir = os.path.dirname(os.path.abspath(out))
            if not os.access(out_dir, os.W_OK):
                raise Failure(f"{out_dir} is not writable by uid {os.getuid()} (is the models volume mounted?)")
        conn = connect()
        try:
            model, metrics = train(seed, args.folds, c)
            duration = time.monotonic() - started
            for out in args.out:
                write_atomically(out, {"model": model, "trained_at": run_at.isoformat(), "seed": seed, **metrics})
                log(f"model written to {out} ({os.path.getsize(out)} bytes)")
            run_id = record(conn, run_at, seed, metrics, duration, args.out[0])
            log(f"metrics recorded: training_runs id {run_id}")
        finally:
            conn.close()
    except Failure as e:
        print(f"train.py: error: {e}", file=sys.stderr, flush=True)
        return 1
    except Exception as e:  # anything unexpected: still one clear line, exit 1
        print(f"train.py: error: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        return 1
    log(f"done in {time.monotonic() - started:.1f}s: accuracy {metrics['accuracy']:.4f}")
    # mlcompose reads these (train's summary ranks a sweep's cells by them); other tools print them as they are
    print(f"::metric accuracy={metrics['accuracy']:.4f} cv_accuracy={metrics['cv_accuracy']:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
