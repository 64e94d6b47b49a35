package store

import (
	"testing"

	"example.com/flakysuite/internal/blip"
)

func TestStoreBlip(t *testing.T) { blip.ConnectOnceRefused(t, "store") }

func TestNilMapBug(t *testing.T) {
	var index map[string]int
	index["key"] = 1 // a real bug: assignment to entry in nil map
}
