// Package blip gives the suite's tests a real network blip: the first run of a named test gets
// "connection refused" (nothing listens on FLAKYD_REFUSED_PORT); once its marker file exists in
// FLAKYD_MARKER_DIR it connects to FLAKYD_OPEN_PORT, where the test harness listens.
package blip

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

func ConnectOnceRefused(t *testing.T, name string) {
	t.Helper()
	marker := filepath.Join(os.Getenv("FLAKYD_MARKER_DIR"), "go-"+name)
	port := os.Getenv("FLAKYD_REFUSED_PORT")
	if _, err := os.Stat(marker); err == nil {
		port = os.Getenv("FLAKYD_OPEN_PORT")
	}
	os.WriteFile(marker, nil, 0o600)
	conn, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	conn.Close()
}
