package store

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

func TestStoreBlip(t *testing.T) {
	marker := filepath.Join(os.Getenv("FLAKYD_MARKER_DIR"), "go-store")
	port := os.Getenv("FLAKYD_REFUSED_PORT")
	if _, err := os.Stat(marker); err == nil {
		port = os.Getenv("FLAKYD_OPEN_PORT")
	}
	os.WriteFile(marker, nil, 0o600)
	conn, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("store unreachable: %v", err)
	}
	conn.Close()
}

func TestNilMapBug(t *testing.T) {
	var index map[string]int
	index["key"] = 1 // a real bug: assignment to entry in nil map
}
