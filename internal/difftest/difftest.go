// Package difftest runs a Go twin and its Python program and compares
// what they print, byte for byte. The Python side runs under CPython 3.13
// when it is installed (PYENV_VERSION=3.13.0 python3, or python3.13);
// its output is also checked against a committed golden file next to the
// program (name.py → name.golden), which is what the test compares with
// when CPython 3.13 is not there. Run tests with -update to rewrite the
// golden files from CPython.
package difftest

import (
	"bytes"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite .golden files from CPython 3.13's output")

var (
	pyOnce sync.Once
	pyCmd  []string
)

// Python returns the command that runs CPython 3.13, or nil if there is
// none on this machine.
func Python() []string {
	pyOnce.Do(func() {
		if p, err := exec.LookPath("python3.13"); err == nil {
			pyCmd = []string{p}
			return
		}
		if p, err := exec.LookPath("python3"); err == nil {
			out, err := pythonVersion(p)
			if err == nil && strings.HasPrefix(out, "Python 3.13") {
				pyCmd = []string{p}
			}
		}
	})
	return pyCmd
}

func pythonVersion(p string) (string, error) {
	cmd := exec.Command(p, "--version")
	cmd.Env = append(os.Environ(), "PYENV_VERSION=3.13.0")
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// RunPython runs the Python program at path under CPython 3.13 and
// returns its stdout. ok is false when CPython 3.13 is not installed.
func RunPython(t testing.TB, path string) (stdout string, ok bool) {
	t.Helper()
	py := Python()
	if py == nil {
		return "", false
	}
	cmd := exec.Command(py[0], append(py[1:], filepath.Base(path))...)
	cmd.Dir = filepath.Dir(path)
	cmd.Env = append(os.Environ(), "PYENV_VERSION=3.13.0", "PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1",
		"PYTHONPATH="+helpersDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if _, isExit := err.(*exec.ExitError); !isExit {
			t.Fatalf("difftest: running %s: %v", path, err)
		}
	}
	return out.String(), true
}

// Compare checks that got, what the Go twin printed, equals what the
// Python program at pyPath prints: under CPython 3.13 when it is
// installed, and always against the golden file pyPath with .golden for
// .py (which -update rewrites).
func Compare(t testing.TB, got, pyPath string) {
	t.Helper()
	golden := strings.TrimSuffix(pyPath, ".py") + ".golden"
	want, ok := RunPython(t, pyPath)
	if ok {
		if *update {
			if err := os.WriteFile(golden, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if g, err := os.ReadFile(golden); err != nil {
			t.Errorf("difftest: golden file %s: %v (run the test with -update)", golden, err)
		} else if string(g) != want {
			t.Errorf("difftest: golden file %s is stale: CPython 3.13 now prints\n%s", golden, want)
		}
	} else {
		g, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("difftest: CPython 3.13 is not installed and the golden file is missing: %v", err)
		}
		want = string(g)
	}
	if got != want {
		t.Errorf("difftest: output differs from CPython 3.13 (%s)\n--- Go printed:\n%s--- CPython printed:\n%s--- first difference: %s",
			filepath.Base(pyPath), got, want, firstDiff(got, want))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + itoa(i+1) + ": Go " + quote(al[i]) + ", CPython " + quote(bl[i])
		}
	}
	return "line " + itoa(min(len(al), len(bl))+1) + ": one output is longer"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func quote(s string) string { return "\"" + s + "\"" }

// helpersDir is the folder of the Python helper modules shared by the
// twins (py/sem.py: CPython's own loop on a virtual clock that moves the
// way loop.WithVirtualClock does).
func helpersDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	return filepath.Join(filepath.Dir(file), "py")
}

var stdoutMu sync.Mutex

// CaptureStdout runs fn with os.Stdout redirected and returns what it
// wrote. Calls are serialised; do not use it from parallel tests that
// also print.
func CaptureStdout(t testing.TB, fn func()) string {
	t.Helper()
	stdoutMu.Lock()
	defer stdoutMu.Unlock()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		var b bytes.Buffer
		_, _ = io.Copy(&b, r)
		done <- b.String()
	}()
	defer func() {
		os.Stdout = old
	}()
	func() {
		defer func() { os.Stdout = old; _ = w.Close() }()
		fn()
	}()
	out := <-done
	_ = r.Close()
	return out
}
