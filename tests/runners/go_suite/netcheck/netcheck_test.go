package netcheck

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

// connectOnceRefused: the first run gets "connection refused"; once the marker exists it connects.
func connectOnceRefused(t *testing.T, name string) {
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

func TestDialBlip(t *testing.T) { connectOnceRefused(t, "dial") }

func TestChecksumBug(t *testing.T) {
	if got := 2 + 2; got != 5 {
		t.Errorf("checksum: got %d, want 5", got)
	}
}

func TestPasses(t *testing.T) {}
