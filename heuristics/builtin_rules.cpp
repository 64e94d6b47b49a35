// The built-in rule pack. Written from what CI failures look like across languages and
// runners, not from any one corpus. Confidence scale (see rule_engine.hpp for how it is used):
//   0.95  unmistakable root-cause evidence (heap exhausted, disk full, registry rate limit)
//   0.90  a specific exception type or compiler error naming the cause
//   0.85  a specific failure type of a test framework or client library
//   0.75  a phrase that usually, not always, names the cause
//   0.60  weak evidence (a bare "timed out"); loses to any exception type
//   0.55  an exception flakyd does not know as transient: a defect until shown otherwise
#include <algorithm>
#include <utility>

#include "heuristics/rule.hpp"

namespace flakyd::heuristics {

namespace {

constexpr LanguageMask k_any = 0;
constexpr LanguageMask k_python = mask_of(Language::python);
constexpr LanguageMask k_jvm = mask_of(Language::jvm);
constexpr LanguageMask k_rust = mask_of(Language::rust);
constexpr LanguageMask k_dotnet = mask_of(Language::dotnet);
constexpr LanguageMask k_ruby = mask_of(Language::ruby);

Rule rule(std::string id, Category category, double confidence, LanguageMask languages,
          std::string reason, std::string pattern, AdviceOverride advice = {}) {
  return Rule{std::move(id), category,          std::move(pattern), confidence,
              languages,     std::move(reason), advice,             true, false};
}

Rule assertion_rule(Rule rule) {
  rule.asserts = true;
  return rule;
}

std::vector<Rule> make_builtin_rules() {
  using C = Category;
  return {
      // ---- resource exhaustion: the machine ran out of something; another run may not --------
      rule("res.out-of-memory", C::resource_exhaustion, 0.95, k_any, "the process ran out of memory",
           R"(\bMemoryError\b|OutOfMemoryError|Java heap space|GC overhead limit exceeded|)"
           R"(Cannot allocate memory|\bENOMEM\b|(?i:out of memory)|OOMKilled|)"
           R"(JavaScript heap out of memory|Allocation failed - process out of memory|)"
           R"(memory allocation of \d+ bytes failed|System\.OutOfMemoryException|)"
           R"(NoMemoryError|std::bad_alloc|Metaspace)"),
      rule("res.disk-full", C::resource_exhaustion, 0.95, k_any, "the disk is full",
           R"(No space left on device|\bENOSPC\b|Disk quota exceeded|\bEDQUOT\b|)"
           R"(not enough space on the disk|There is not enough space|running out of disk space|)"
           R"(\[Errno 28\])"),
      rule("res.file-handles", C::resource_exhaustion, 0.9, k_any, "the process ran out of file handles",
           R"((?i:too many open files)|\bEMFILE\b|\bENFILE\b)"),
      rule("res.killed", C::resource_exhaustion, 0.85, k_any,
           "the process was killed by signal 9 (usually the out-of-memory killer)",
           R"((?i:exit(?:ed with)? code:? 137)|status:? 137\b|signal: killed|\bSIGKILL\b|)"
           R"((?m:^Killed\s*$)|Killed signal terminated program)"),
      rule("res.connections", C::resource_exhaustion, 0.8, k_any, "a shared service ran out of connection slots",
           R"((?i:too many connections)|remaining connection slots are reserved|)"
           R"(worker '[^']+' crashed while running|node down: Not properly terminated)"),
      rule("res.threads", C::resource_exhaustion, 0.8, k_any, "the machine could not start more threads or processes",
           R"(unable to create (?:new )?native thread|pthread_create failed|can't start new thread|)"
           R"(fork: retry: Resource temporarily unavailable|Resource temporarily unavailable)"),

      // ---- infrastructure: the platform or a service the run depends on failed ---------------
      rule("infra.rate-limit", C::infrastructure, 0.95, k_any, "a registry or API rate limit was hit",
           R"(toomanyrequests|429 Too Many Requests|(?i:too many requests)|(?i:rate limit)|)"
           R"(RateLimitExceeded|TooManyRequestsException|ThrottlingException|RequestLimitExceeded|)"
           R"(\bSlowDown\b)",
           {60.0, std::nullopt}),
      rule("infra.upstream-5xx", C::infrastructure, 0.8, k_any, "a dependency answered with a gateway or availability error",
           R"(\b50[234] (?:Bad Gateway|Service (?:Temporarily )?Unavailable|Gateway Time-?out)|)"
           R"(\bService Unavailable\b|\bBad Gateway\b|\bGateway Time-?out\b|)"
           R"(status(?: code)?[:= ]+50[234]\b|HTTP(?:Error)?:? 50[234]\b|ServiceUnavailable)"),
      rule("infra.max-retries", C::infrastructure, 0.8, k_python,
           "the client already retried and the service stayed unreachable",
           R"(Max retries exceeded with url)"),
      rule("infra.runner-lost", C::infrastructure, 0.85, k_any, "the CI runner or its host went away",
           R"(The runner has received a shutdown signal|lost communication with the server|)"
           R"(Received request to deprovision|Job failed \(system failure\)|(?i:agent went offline)|)"
           R"(was preempted|(?i:spot instance (?:interruption|termination))|The node was low on resource|)"
           R"(Pod \S+ evicted|(?i:runner system failure))"),
      rule("infra.package-fetch", C::infrastructure, 0.8, k_any, "a package registry or mirror failed to serve a download",
           R"(npm ERR! code E5\d\d|ERR_PNPM_META_FETCH_FAIL|error: RPC failed; curl \d+|)"
           R"(fatal: the remote end hung up unexpectedly|fatal: early EOF|Hash Sum mismatch|)"
           R"(Temporary failure resolving|Could not transfer artifact .*(?:status code: 5\d\d|timed out|Connection reset)|)"
           R"(Failed to (?:restore|save) cache|Our services aren't available right now|)"
           R"(ImagePullBackOff|ErrImagePull|ContainerLaunchException|)"
           R"(Could not resolve all (?:dependencies|files) for configuration.*(?:5\d\d|timed out|Connection reset))"),
      rule("infra.connection-refused", C::infrastructure, 0.75, k_any,
           "nothing was listening: the service was down or not started yet",
           R"(ConnectionRefusedError|\bECONNREFUSED\b|(?i:connection refused)|actively refused it|)"
           R"(java\.net\.ConnectException|Errno::ECONNREFUSED|Can't connect to (?:local )?MySQL server|)"
           R"(could not connect to server|Is the server running|kind: ConnectionRefused|)"
           R"(net::ERR_CONNECTION_REFUSED|the database system is starting up|)"
           R"(LOADING Redis is loading the dataset)",
           {5.0, std::nullopt}),

      // ---- flaky network: a transport blip --------------------------------------------------
      rule("net.connection-reset", C::flaky_network, 0.9, k_any, "the connection was reset by the peer",
           R"(ConnectionResetError|\bECONNRESET\b|(?i:connection reset)|forcibly closed by the remote host|)"
           R"(WSAECONNRESET|Errno::ECONNRESET|SocketException \(10054\)|kind: ConnectionReset)"),
      rule("net.connection-aborted", C::flaky_network, 0.85, k_any, "the connection was aborted or broken mid-stream",
           R"(ConnectionAbortedError|\bECONNABORTED\b|(?i:connection aborted)|BrokenPipeError|\bEPIPE\b|)"
           R"((?i:broken pipe)|RemoteDisconnected|Remote end closed connection without response|)"
           R"(IncompleteRead|ChunkedEncodingError|Connection broken|ServerDisconnectedError|)"
           R"(ClientOSError|ClientConnectorError|ClientPayloadError|(?i:socket hang up)|)"
           R"(unexpected EOF|EOF occurred in violation of protocol|SSLEOFError|GOAWAY|)"
           R"(Unexpected end of file from server|unexpected end of stream|StreamResetException|)"
           R"(connection closed before message completed|IncompleteMessage|)"
           R"(Unable to read data from the transport connection|EOFError: end of file reached|)"
           R"(use of closed network connection|Net::HTTPBadResponse|Faraday::ConnectionFailed|)"
           R"(UNEXPECTED_EOF_WHILE_READING|Remote host terminated the handshake|)"
           R"(net::ERR_(?:CONNECTION_RESET|NETWORK_CHANGED|INTERNET_DISCONNECTED|CONNECTION_CLOSED|EMPTY_RESPONSE)|)"
           R"(npm ERR! network|StatusCode\.UNAVAILABLE|code = Unavailable)"),
      rule("net.unreachable", C::flaky_network, 0.8, k_any, "the network or host was unreachable",
           R"(\bEHOSTUNREACH\b|\bENETUNREACH\b|Network is unreachable|No route to host|)"
           R"(NoRouteToHostException|\bENETDOWN\b)"),
      rule("net.dns-temporary", C::flaky_network, 0.75, k_any, "a DNS lookup failed temporarily",
           R"(Temporary failure in name resolution|\bEAI_AGAIN\b|NameResolutionError|)"
           R"(Could not resolve host|nodename nor servname provided|UnknownHostException|)"
           R"(server misbehaving|getaddrinfo failed|SocketError: getaddrinfo|No such host is known)"),
      rule("net.http-client-error", C::flaky_network, 0.75, k_any, "the HTTP client failed to send the request",
           R"(An error occurred while sending the request|error sending request for url|)"
           R"(The SSL connection could not be established)"),

      // ---- timeouts ----------------------------------------------------------------------
      rule("timeout.test-deadline", C::timeout, 0.9, k_any, "the test ran past its deadline",
           R"(panic: test timed out after|Timeout \(>?[\d.]+s\) from pytest-timeout|)"
           R"(Failed: Timeout >|TestTimedOutException|test timed out after \d+ milliseconds|)"
           R"(Exceeded timeout of \d+ ?ms for a (?:test|hook)|Timeout - Async callback was not invoked|)"
           R"(Test timeout of \d+ms exceeded|Timeout of \d+ms exceeded|Test exceeded Timeout value|)"
           R"(has been running for over \d+ seconds)"),
      rule("timeout.ui-wait", C::timeout, 0.85, k_any, "a browser wait ran out before the page was ready",
           R"(selenium\.common\.exceptions\.TimeoutException|org\.openqa\.selenium\.TimeoutException|)"
           R"(Selenium::WebDriver::Error::TimeoutError|TimeoutException: Message|)"
           R"(Timeout \d+ms exceeded|Timed out retrying after \d+ms|TimeoutExpiredException|)"
           R"(waiting for (?:selector|locator)|Capybara::ElementNotFound.*(?i:waited))"),
      rule("timeout.python", C::timeout, 0.85, k_python, "a Python read, connect or wait deadline ran out",
           R"(socket\.timeout|\bTimeoutError\b|ReadTimeout(?:Error)?|ConnectTimeout(?:Error)?|)"
           R"(\b(?:Read|Connect|Pool|Write)Timeout\b|Read timed out|ServerSelectionTimeoutError)"),
      rule("timeout.go", C::timeout, 0.85, k_any, "a Go context or network deadline ran out (Go code or a Go-built tool)",
           R"(context deadline exceeded|i/o timeout|DeadlineExceeded|Client\.Timeout exceeded|)"
           R"(TLS handshake timeout|timeout awaiting response headers|net/http: request canceled)"),
      rule("timeout.network", C::timeout, 0.8, k_any, "a connection or RPC deadline ran out",
           R"((?i:connection timed out)|\bETIMEDOUT\b|\bESOCKETTIMEDOUT\b|DEADLINE_EXCEEDED|)"
           R"(net::ERR_(?:CONNECTION_)?TIMED_OUT|\[Errno 110\])"),
      rule("timeout.jvm", C::timeout, 0.85, k_jvm, "a JVM socket or wait deadline ran out",
           R"(java\.net\.SocketTimeoutException|SocketTimeoutException|)"
           R"(java\.util\.concurrent\.TimeoutException|HttpTimeoutException|ConditionTimeoutException|)"
           R"(ReadTimeoutException|ConnectTimeoutException)"),
      rule("timeout.dotnet", C::timeout, 0.85, k_dotnet, "a .NET operation deadline ran out",
           R"(System\.TimeoutException|HttpClient\.Timeout|)"
           R"(TaskCanceledException: The request was canceled due to the configured)"),
      rule("timeout.ruby", C::timeout, 0.85, k_ruby, "a Ruby read or open deadline ran out",
           R"(Net::ReadTimeout|Net::OpenTimeout|Timeout::Error|Faraday::TimeoutError)"),
      rule("timeout.rust", C::timeout, 0.8, k_rust, "a Rust future or request deadline ran out",
           R"(deadline has elapsed|Elapsed\(\(\)\)|operation timed out)"),
      rule("timeout.ci-job", C::timeout, 0.85, k_any, "the CI job ran past its time limit",
           R"(exceeded the maximum execution time|execution took longer than|)"
           R"((?i:job (?:was cancelled|timed out) after))"),
      rule("timeout.generic", C::timeout, 0.6, k_any, "the output mentions a deadline running out",
           R"((?i:\btimed out\b|\btimeout exceeded\b|\bdeadline exceeded\b|\btime limit exceeded\b))"),

      // ---- concurrency: a race inside the run; a fresh interleaving usually passes -----------
      rule("conc.address-in-use", C::concurrency, 0.85, k_any, "two workers raced for the same port",
           R"(\bEADDRINUSE\b|(?i:address already in use)|BindException|port is already allocated|)"
           R"(Only one usage of each socket address)"),
      rule("conc.database-locked", C::concurrency, 0.85, k_any, "the database was locked by a concurrent writer",
           R"(database is locked|\bSQLITE_BUSY\b|database table is locked|\bSQLITE_LOCKED\b)"),
      rule("conc.deadlock", C::concurrency, 0.85, k_any, "transactions deadlocked or conflicted",
           R"((?i:deadlock detected)|Deadlock found when trying to get lock|DeadlockDetected|)"
           R"((?i:chosen as the deadlock victim)|Lock wait timeout exceeded|)"
           R"(could not serialize access due to concurrent update|SerializationFailure|ER_LOCK_DEADLOCK)"),
      rule("conc.data-race", C::concurrency, 0.85, k_any, "a race detector saw two threads touch the same memory",
           R"(WARNING: DATA RACE|ThreadSanitizer: data race|race detected during execution of test)"),
      rule("conc.ui-race", C::concurrency, 0.8, k_any, "the page changed under an action (an async-wait race)",
           R"(Element is not clickable at point|Other element would receive the click|)"
           R"(StaleElementReferenceException|(?i:stale element reference)|element click intercepted|)"
           R"(ElementClickInterceptedException|element is not attached to the (?:DOM|page document)|)"
           R"(Node is detached from document|ElementNotInteractableException)"),
      rule("conc.file-busy", C::concurrency, 0.8, k_any, "a file or lock was held by a concurrent process",
           R"(Text file busy|\bETXTBSY\b|\bEBUSY\b|being used by another process|)"
           R"(LockObtainFailedException|another git process seems to be running|index\.lock': File exists|)"
           R"(Timeout waiting for lock|Unable to acquire (?:the )?lock)"),

      // ---- order dependency: state leaked from another test ------------------------------------
      rule("order.pollution", C::order_dependency, 0.8, k_any, "the failure depends on which tests ran before it",
           R"((?i:test pollution|state pollution|polluted by|order[- ]dependen|)"
           R"(passes (?:when run )?(?:alone|in isolation|individually)|)"
           R"(fails only when run (?:with|after|together))|Cannot log after tests are done)"),

      // ---- environmental: deterministic on this host or configuration -------------------------
      rule("env.browser-missing", C::environmental, 0.85, k_any, "the browser or its driver is missing or never started",
           R"(Executable doesn't exist at|Please run the following command to download new browsers|)"
           R"(cannot find Chrome binary|This version of ChromeDriver only supports|)"
           R"(Failed to launch (?:the )?(?:browser|chrom)|Chrome failed to start|)"
           R"(DevToolsActivePort file doesn't exist|No usable sandbox|)"
           R"(ECONNREFUSED 127\.0\.0\.1:9222|geckodriver.*(?:not found|needs to be in PATH))"),
      rule("env.tls-trust", C::environmental, 0.85, k_any, "the host does not trust the server's certificate (CA bundle)",
           R"(CERTIFICATE_VERIFY_FAILED|unable to get local issuer certificate|)"
           R"(self[- ]signed certificate in certificate chain|SSLCertVerificationError|)"
           R"(PKIX path building failed|unable to find valid certification path|)"
           R"(x509: certificate signed by unknown authority|UNABLE_TO_VERIFY_LEAF_SIGNATURE|)"
           R"(SELF_SIGNED_CERT_IN_CHAIN|certificate verify failed|The remote certificate is invalid)"),
      rule("env.locale", C::environmental, 0.8, k_any, "the host's locale or encoding differs",
           R"(UnicodeEncodeError: 'ascii' codec|UnicodeDecodeError: 'ascii' codec|)"
           R"(unsupported locale setting|cannot change locale|(?i:invalid locale)|)"
           R"(UnknownTimeZoneError|ZoneInfoNotFoundError|(?i:\bCRLF\b|line endings))"),
      rule("env.missing-tool", C::environmental, 0.8, k_any, "a program the run needs is not installed",
           R"(: command not found|is not recognized as an internal or external command|)"
           R"(executable file not found in \$PATH|Cannot connect to the Docker daemon|)"
           R"(Could not find a valid Docker environment)"),
      rule("env.missing-config", C::environmental, 0.82, k_any, "a required environment variable or setting is missing",
           R"(KeyError: '[A-Z][A-Z0-9_]{2,}'|os\.environ\[|(?i:environment variable \S+ (?:is )?(?:not set|missing|undefined))|)"
           R"(getaddrinfo ENOTFOUND (?:undefined|null)\b|(?i:missing required environment variable))"),
      rule("env.credentials", C::environmental, 0.75, k_any, "the credentials were rejected; a rerun will not fix them",
           R"(401 Unauthorized|Authentication failed|invalid_auth|Bad credentials|AuthenticationError|)"
           R"(ExpiredToken|InvalidAccessKeyId|SignatureDoesNotMatch|WRONGPASS|)"
           R"(password authentication failed|Access denied for user|ACCESS_REFUSED|)"
           R"(Permission denied \(publickey)"),
      rule("env.permission", C::environmental, 0.7, k_any, "the run lacks a file-system permission on this host",
           R"(PermissionError: \[Errno 13\]|\bEACCES\b|UnauthorizedAccessException|AccessDeniedException)"),

      // ---- deterministic: a real defect ------------------------------------------------------
      rule("det.compile-error", C::deterministic, 0.95, k_any, "the code does not compile",
           R"(error\[E\d{4}\]|error: could not compile|\[build failed\]|(?m:^\s*\S+\.go:\d+(?::\d+)?: undefined: )|)"
           R"(declared and not used|imported and not used|error CS\d{4}|error TS\d{4}|)"
           R"(cannot find symbol|COMPILATION ERROR|undefined reference to|error: linking with)"),
      rule("det.syntax-error", C::deterministic, 0.9, k_any, "the code has a syntax error",
           R"(\bSyntaxError\b|\bIndentationError\b|\bTabError\b|Unexpected token|ParseError)"),
      rule("det.missing-dependency", C::deterministic, 0.9, k_any,
           "a module, class or method is missing: a dependency or import is broken",
           R"(ModuleNotFoundError|\bImportError\b|No module named|cannot import name|)"
           R"(Cannot find module|Module not found|ERR_MODULE_NOT_FOUND|ClassNotFoundException|)"
           R"(NoClassDefFoundError|NoSuchMethodError|NoSuchFieldError|AbstractMethodError|)"
           R"(IncompatibleClassChangeError|UnsatisfiedLinkError|no required module provides package|)"
           R"(cannot load such file|uninitialized constant|Could not load file or assembly|)"
           R"(MissingMethodException|TypeLoadException|ERESOLVE|is not exported from|)"
           R"(Export named '[^']+' not found)"),
      rule("det.null-reference", C::deterministic, 0.85, k_any, "the code dereferenced a null or undefined value",
           R"(NullPointerException|NullReferenceException|Object reference not set to an instance|)"
           R"(nil pointer dereference|Cannot read propert(?:y|ies) of (?:undefined|null)|)"
           R"(undefined is not an object|is not a function|undefined method .* for nil|)"
           R"('NoneType' object|UninitializedPropertyAccessException|lateinit property|)"
           R"(called `Option::unwrap\(\)` on a `None` value)"),
      assertion_rule(rule("det.assertion", C::deterministic, 0.85, k_any, "an assertion failed",
           R"(\bAssertionError\b|(?m:^E\s+assert\b)|AssertionFailedError|ComparisonFailure|)"
           R"(expected:<.*> but was:<|MultipleFailuresError|ERR_ASSERTION|expect\(received\)|)"
           R"(Assert\.\w+\(\) Failure|Xunit\.Sdk\.\w+Exception|AssertionException|AssertFailedException|)"
           R"(ExpectationNotMetError|Minitest::Assertion|assertion failed|assertion `left == right` failed|)"
           R"((?m:^\s*Error:\s+(?:Not equal|Should (?:be|not)|Expected|Received unexpected error)))")),
      rule("det.runtime-error", C::deterministic, 0.8, k_any, "the code raised a programming error",
           R"(\b(?:NameError|TypeError|AttributeError|KeyError|IndexError|ValueError|ZeroDivisionError|)"
           R"(UnboundLocalError|RecursionError|NotImplementedError|NoMethodError|ArgumentError|)"
           R"(JSONDecodeError|FileNotFoundError|RangeError|ReferenceError)\b|)"
           R"(java\.lang\.(?:IllegalArgumentException|IllegalStateException|ClassCastException|)"
           R"(ArrayIndexOutOfBoundsException|IndexOutOfBoundsException|NumberFormatException|)"
           R"(UnsupportedOperationException|ArithmeticException)|)"
           R"(System\.(?:ArgumentException|ArgumentNullException|ArgumentOutOfRangeException|)"
           R"(InvalidOperationException|InvalidCastException|FormatException|IndexOutOfRangeException|)"
           R"(KeyNotFoundException|NotImplementedException|NotSupportedException)|)"
           R"(panic: runtime error|panic: assignment to entry in nil map|interface conversion:|)"
           R"(fatal error: all goroutines are asleep - deadlock!|has overflowed its stack|)"
           R"((?i:segmentation fault)|\bSIGSEGV\b)"),
      rule("det.rust-panic", C::deterministic, 0.7, k_rust, "the test panicked",
           R"(thread '[^']*' panicked at|called `Result::unwrap\(\)` on an `Err` value)"),
      rule("det.test-failure", C::deterministic, 0.6, k_any, "a test failed without naming a transient cause",
           R"((?m:^\s*Failure/Error:)|(?m:^--- FAIL:))"),
      rule("det.uncaught-exception", C::deterministic, 0.55, k_any,
           "an exception flakyd does not know as transient was raised",
           R"((?m:^\s*(?:E\s+)?(?:[A-Za-z_][\w$]*(?:\.|::))*[A-Z][\w$]*(?:Error|Exception)(?::|$)))"),
  };
}

}  // namespace

const std::vector<Rule>& builtin_rules() {
  static const std::vector<Rule> k_rules = make_builtin_rules();
  return k_rules;
}

std::vector<Rule> merge_rules(std::vector<Rule> base, const std::vector<Rule>& overrides) {
  for (const auto& extra : overrides) {
    auto same_id = std::find_if(base.begin(), base.end(),
                                [&](const Rule& rule) { return rule.id == extra.id; });
    if (same_id != base.end()) {
      *same_id = extra;
    } else {
      base.push_back(extra);
    }
  }
  return base;
}

}  // namespace flakyd::heuristics
