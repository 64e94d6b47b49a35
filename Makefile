# Thin wrapper over CMake. `make run` and `make test` install what is missing on Debian 12.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

APT_PACKAGES = cmake g++ make pkg-config libcpp-httplib-dev nlohmann-json3-dev libssl-dev \
               libre2-dev libtomlplusplus-dev libmicrohttpd-dev libspdlog-dev libfmt-dev doctest-dev libcli11-dev libbenchmark-dev libsqlite3-dev \
               ca-certificates openssl python3 python3-pytest python3-pytest-rerunfailures \
               python3-pip python3-setuptools python3-wheel iproute2 \
               libpugixml-dev golang-go gotestsum python3-yaml python3-pytest-xdist \
               python3-rq redis-server chromium postgresql libpq-dev

.PHONY: all deps node-deps build run test bench sanitize clean

all: build

deps:
	@./scripts/install-deps.sh $(APT_PACKAGES)

node-deps:
	@./scripts/install-node-deps.sh

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/bin/flakyd serve

test: build node-deps
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	$(BUILD_DIR)/bin/flakyd-bench

sanitize:
	$(MAKE) test BUILD_DIR=build-asan BUILD_TYPE=RelWithDebInfo CMAKE_FLAGS="-DFLAKYD_SANITIZE=ON -DFLAKYD_BUILD_BENCH=OFF"

clean:
	rm -rf $(BUILD_DIR) build-asan
