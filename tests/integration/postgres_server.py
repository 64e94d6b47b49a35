"""Start and stop a real PostgreSQL server for integration tests (standard library only).

Each server is a fresh cluster (`initdb`) in a temporary directory, listening on 127.0.0.1 on a
free port with its Unix socket inside that directory, password authentication (scram-sha-256)
for one role. PostgreSQL refuses to run as root: when the tests run as root (CI, a fresh Debian
root), the cluster belongs to the `postgres` system user the Debian package creates, and every
server command runs as that user. The test stops the server (and can stop and restart it
mid-test to simulate an outage)."""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile

PASSWORD = "flakyd-test-password"
ROLE = "flakyd"
DATABASE = "flakyd"


def postgres_bin_dir():
    """The directory holding initdb/pg_ctl: Debian keeps them out of PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for directory in candidates:
        if os.path.exists(os.path.join(directory, "initdb")):
            return directory
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    raise RuntimeError("PostgreSQL server binaries not found: install Debian's 'postgresql' package "
                       "(make deps does)")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self):
        self.bin = postgres_bin_dir()
        self.root = tempfile.mkdtemp(prefix="flakyd-pg-")
        os.chmod(self.root, 0o755)
        self.data = os.path.join(self.root, "data")
        self.port = free_port()
        self.run_as = None
        if os.geteuid() == 0:
            self.run_as = pwd.getpwnam("postgres")
            os.chown(self.root, self.run_as.pw_uid, self.run_as.pw_gid)

    # --- lifecycle -----------------------------------------------------------------------
    def __enter__(self):
        self.init_cluster()
        self.start()
        self.create_database()
        return self

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def init_cluster(self):
        pwfile = os.path.join(self.root, "pwfile")
        with open(pwfile, "w") as handle:
            handle.write(PASSWORD + "\n")
        if self.run_as:
            os.chown(pwfile, self.run_as.pw_uid, self.run_as.pw_gid)
        self._server_command(["initdb", "-D", self.data, "-U", ROLE, "--pwfile", pwfile,
                              "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"])
        os.remove(pwfile)

    def start(self):
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off"
        self._server_command(["pg_ctl", "-D", self.data, "-l", os.path.join(self.root, "log"),
                              "-o", options, "-w", "-t", "60", "start"])

    def stop(self, mode="fast"):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self._server_command(["pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"], check=False)

    def create_database(self):
        self.psql(f"CREATE DATABASE {DATABASE}", database="postgres")

    # --- clients -------------------------------------------------------------------------
    @property
    def url(self):
        """A libpq URL without the password: clients read it from PGPASSWORD (see env)."""
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/{DATABASE}?sslmode=disable"

    @property
    def env(self):
        return {"PGPASSWORD": PASSWORD}

    def psql(self, sql, database=DATABASE):
        """Run SQL as the test role; returns the rows as lists of strings."""
        result = subprocess.run(
            ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
             "-h", "127.0.0.1", "-p", str(self.port), "-U", ROLE, "-d", database, "-c", sql],
            env=dict(os.environ, PGPASSWORD=PASSWORD), capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    def log(self):
        try:
            with open(os.path.join(self.root, "log"), errors="replace") as handle:
                return handle.read()
        except OSError:
            return ""

    # --- helpers -------------------------------------------------------------------------
    def _server_command(self, argv, check=True):
        argv = [os.path.join(self.bin, argv[0])] + argv[1:]
        if self.run_as:
            argv = ["setpriv", f"--reuid={self.run_as.pw_uid}", f"--regid={self.run_as.pw_gid}",
                    "--init-groups", "--"] + argv
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=self.root)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{result.stdout}{result.stderr}\n{self.log()}")
        return result

