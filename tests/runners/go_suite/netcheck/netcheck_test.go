package netcheck

import (
	"testing"

	"example.com/flakysuite/internal/blip"
)

func TestDialBlip(t *testing.T) { blip.ConnectOnceRefused(t, "dial") }

func TestChecksumBug(t *testing.T) {
	if got := 2 + 2; got != 5 {
		t.Errorf("checksum: got %d, want 5", got)
	}
}

func TestPasses(t *testing.T) {}
