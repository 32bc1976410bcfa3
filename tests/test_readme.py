"""The README's two set-up commands must stay true: CI runs the test command verbatim."""
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _readme_commands():
    return re.findall(r"```bash\n(.+?)\n```", (ROOT / "README.md").read_text())


def test_ci_runs_the_readme_test_command():
    commands = _readme_commands()
    test_command = next(c for c in commands if "pytest" in c)
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines


def test_readme_demo_is_an_installed_console_script():
    demo = next(c for c in _readme_commands() if "pytest" not in c)
    script = re.search(r"&& (\S+)", demo).group(1)
    assert f'{script} = "' in (ROOT / "pyproject.toml").read_text()


def test_ci_stops_when_the_readme_test_command_fails(tmp_path):
    # Under `set -e` a failing first command of an && list does not stop bash; CI's next line must.
    commands = _readme_commands()
    test_command = next(c for c in commands if "pytest" in c)
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    guard = ci_lines[ci_lines.index(test_command) + 1]
    for failing in ("pip", "python3"):
        script = "\n".join([
            "set -euo pipefail",
            "pip() { return 0; }", "python3() { return 0; }", f"{failing}() {{ return 3; }}",
            test_command, guard, "echo CI-WENT-ON",
        ])
        run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode != 0 and "CI-WENT-ON" not in run.stdout, (failing, run.stdout, run.stderr)


def test_ci_compiles_every_cuda_architecture_of_a_full_build():
    # The install CI runs builds sm_75 (no GPU there); .ci/extra-builds builds the rest of `full`. Together they
    # must be exactly cuda/CMakeLists.txt's full list, or an architecture a wheel ships goes unchecked.
    full = re.search(r'set\(TINYTF_CUDA_ARCHS_FULL "([^"]+)"\)', (ROOT / "cuda" / "CMakeLists.txt").read_text())
    no_gpu = re.search(r'set\(TINYTF_CUDA_ARCHS_NO_GPU "([^"]+)"\)', (ROOT / "cuda" / "CMakeLists.txt").read_text())
    ci_step = re.search(r'-DTINYTF_CUDA_ARCHS=([^"\s]+)', (ROOT / ".ci" / "extra-builds").read_text())
    assert no_gpu.group(1) == "75"
    assert sorted(ci_step.group(1).split(";") + ["75-real"]) == sorted(full.group(1).split(";"))
