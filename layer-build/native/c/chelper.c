/*
 * The C helpers the native-image builder links into every executable (it links a library named
 * "libchelper" and looks its functions up by the names svm's @CFunction declarations give). A
 * GraalVM distribution ships them prebuilt; Maven Central does not, so we write our own. Each
 * function is what svm 25.0.4's Java declarations ask for, nothing more.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "svm_locale.h"

/* ---- CPU features: what the running CPU has, and whether it has what the image was built for */

#if defined(__x86_64__)
#include <cpuid.h>
#include "amd64cpufeatures.h"

#define BIT(reg, n) (((reg) >> (n)) & 1u)

void determineCPUFeatures(CPUFeatures *f) {
  unsigned int a, b, c, d, max = __get_cpuid_max(0, NULL);
  unsigned int c1 = 0, d1 = 0, b7 = 0, c7 = 0, d7 = 0, a71 = 0, c81 = 0, d81 = 0, d87 = 0;
  unsigned long long xcr0 = 0;
  if (max >= 1) {
    __cpuid(1, a, b, c1, d1);
  }
  if (max >= 7) {
    __cpuid_count(7, 0, a, b7, c7, d7);
    __cpuid_count(7, 1, a71, b, c, d);
  }
  if (__get_cpuid_max(0x80000000u, NULL) >= 0x80000001u) {
    __cpuid(0x80000001u, a, b, c81, d81);
  }
  if (__get_cpuid_max(0x80000000u, NULL) >= 0x80000007u) {
    __cpuid(0x80000007u, a, b, c, d87);
  }
  /* AVX state is usable only when the OS saves it (OSXSAVE, then XCR0's SSE and YMM bits) */
  if (BIT(c1, 27)) {
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = ((unsigned long long) hi << 32) | lo;
  }
  int avx_os = BIT(c1, 27) && (xcr0 & 0x6) == 0x6;
  int avx512_os = avx_os && (xcr0 & 0xe0) == 0xe0;

  f->fCX8 = BIT(d1, 8);
  f->fCMOV = BIT(d1, 15);
  f->fFLUSH = BIT(d1, 19);
  f->fMMX = BIT(d1, 23);
  f->fFXSR = BIT(d1, 24);
  f->fSSE = BIT(d1, 25);
  f->fSSE2 = BIT(d1, 26);
  f->fTSC = BIT(d1, 4);
  f->fSSE3 = BIT(c1, 0);
  f->fCLMUL = BIT(c1, 1);
  f->fSSSE3 = BIT(c1, 9);
  f->fFMA = avx_os && BIT(c1, 12);
  f->fSSE4_1 = BIT(c1, 19);
  f->fSSE4_2 = BIT(c1, 20);
  f->fPOPCNT = BIT(c1, 23);
  f->fAES = BIT(c1, 25);
  f->fF16C = avx_os && BIT(c1, 29);
  f->fHV = BIT(c1, 31);
  f->fAVX = avx_os && BIT(c1, 28);
  f->fVZEROUPPER = f->fAVX;
  f->fAVX2 = f->fAVX && BIT(b7, 5);
  f->fBMI1 = BIT(b7, 3);
  f->fBMI2 = BIT(b7, 8);
  f->fERMS = BIT(b7, 9);
  f->fADX = BIT(b7, 19);
  f->fFLUSHOPT = BIT(b7, 23);
  f->fCLWB = BIT(b7, 24);
  f->fSHA = BIT(b7, 29);
  f->fFSRM = BIT(d7, 4);
  f->fSERIALIZE = BIT(d7, 14);
  f->fRDPID = BIT(c7, 22);
  f->fGFNI = f->fAVX && BIT(c7, 8);
  f->fAVX_IFMA = f->fAVX2 && BIT(a71, 23);
  f->fLZCNT = BIT(c81, 5);
  f->fSSE4A = BIT(c81, 6);
  f->fAMD_3DNOW_PREFETCH = BIT(c81, 8);
  f->fRDTSCP = BIT(d81, 27);
  f->fTSCINV_BIT = BIT(d87, 8);
  f->fTSCINV = f->fTSCINV_BIT;
  if (avx512_os && BIT(b7, 16)) {
    f->fAVX512F = 1;
    f->fAVX512DQ = BIT(b7, 17);
    f->fAVX512_IFMA = BIT(b7, 21);
    f->fAVX512CD = BIT(b7, 28);
    f->fAVX512BW = BIT(b7, 30);
    f->fAVX512VL = BIT(b7, 31);
    f->fAVX512_VBMI = BIT(c7, 1);
    f->fAVX512_VBMI2 = BIT(c7, 6);
    f->fAVX512_VAES = BIT(c7, 9);
    f->fAVX512_VPCLMULQDQ = BIT(c7, 10);
    f->fAVX512_VNNI = BIT(c7, 11);
    f->fAVX512_BITALG = BIT(c7, 12);
    f->fAVX512_VPOPCNTDQ = BIT(c7, 14);
  }
  /* Left 0 (never claimed): HT, RTM, PKU/OSPKE, CET, APX, SHA512, AVX512 FP16/PF/ER, AVX10.
   * A feature reported absent only costs an optimisation; one reported present that is not
   * would crash, so anything not decoded above stays off. */
}

#elif defined(__aarch64__)
#include <sys/auxv.h>
#include "aarch64cpufeatures.h"

void determineCPUFeatures(CPUFeatures *f) {
  unsigned long hw = getauxval(AT_HWCAP), hw2 = getauxval(AT_HWCAP2);
  f->fFP = (hw >> 0) & 1;
  f->fASIMD = (hw >> 1) & 1;
  f->fEVTSTRM = (hw >> 2) & 1;
  f->fAES = (hw >> 3) & 1;
  f->fPMULL = (hw >> 4) & 1;
  f->fSHA1 = (hw >> 5) & 1;
  f->fSHA2 = (hw >> 6) & 1;
  f->fCRC32 = (hw >> 7) & 1;
  f->fLSE = (hw >> 8) & 1;
  f->fFPHP = (hw >> 9) & 1;
  f->fASIMDHP = (hw >> 10) & 1;
  f->fDCPOP = (hw >> 16) & 1;
  f->fSHA3 = (hw >> 17) & 1;
  f->fSHA512 = (hw >> 21) & 1;
  f->fSVE = (hw >> 22) & 1;
  f->fPACA = (hw >> 30) & 1;
  f->fSVE2 = (hw2 >> 1) & 1;
  f->fSVEBITPERM = (hw2 >> 4) & 1;
}

#else
#include "riscv64cpufeatures.h"

void determineCPUFeatures(CPUFeatures *f) {
  (void) f;
}
#endif

/*
 * The builder passes the features the image needs as a mask in which each needed feature's byte
 * is the complement of 1 and every other byte is all ones: the host passes when OR-ing its own
 * feature bytes into the mask gives all ones everywhere. 0 = supported, 1 = not.
 */
int checkCPUFeatures(const uint8_t *mask) {
  CPUFeatures host;
  memset(&host, 0, sizeof host);
  determineCPUFeatures(&host);
  const uint8_t *h = (const uint8_t *) &host;
  for (size_t i = 0; i < sizeof host; i++) {
    if ((uint8_t) (mask[i] | h[i]) != 0xff) {
      return 1;
    }
  }
  return 0;
}

int checkCPUFeaturesOrExit(const uint8_t *mask, const char *message) {
  if (checkCPUFeatures(mask) != 0) {
    fputs(message, stderr);
    exit(1);
  }
  return 0;
}

/* ---- calls svm makes through C so that the C compiler handles the varargs ABI */

int openSII(const char *path, int flags, int mode) {
  return open(path, flags, mode);
}

int fprintfSD(FILE *stream, const char *format, char *s, int d) {
  return fprintf(stream, format, s, d);
}

/* ---- the process: environment, threads, time zone */

extern char **environ;

char **getEnviron(void) {
  return environ;
}

int getThreadId(void) {
  return (int) syscall(SYS_gettid);
}

/* User CPU time of a thread of this process in nanoseconds, -1 when it cannot be read. */
long getThreadUserTimeSlow(int tid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    return -1;
  }
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) {
    return -1;
  }
  buf[n] = '\0';
  /* the command name may contain spaces and parentheses: fields restart after the last ')' */
  char *p = strrchr(buf, ')');
  if (p == NULL) {
    return -1;
  }
  unsigned long utime = 0;
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu", &utime) != 1) {
    return -1;
  }
  long ticks = sysconf(_SC_CLK_TCK);
  return ticks > 0 ? (long) (utime * (1000000000L / ticks)) : -1;
}

/*
 * The platform's time zone id (e.g. "UTC", "Europe/Berlin") in memory the caller frees, or NULL
 * for GMT: TZ first (Lambda sets TZ=:UTC), then where /etc/localtime points in the zoneinfo tree.
 */
char *SVM_FindJavaTZmd(const char *tzmappings, int length) {
  (void) tzmappings;
  (void) length;
  const char *tz = getenv("TZ");
  if (tz != NULL && *tz == ':') {
    tz++;
  }
  if (tz != NULL && *tz != '\0') {
    const char *zi = strstr(tz, "zoneinfo/");
    return strdup(zi != NULL ? zi + strlen("zoneinfo/") : tz);
  }
  char target[PATH_MAX];
  ssize_t n = readlink("/etc/localtime", target, sizeof target - 1);
  if (n > 0) {
    target[n] = '\0';
    const char *zi = strstr(target, "zoneinfo/");
    if (zi != NULL) {
      return strdup(zi + strlen("zoneinfo/"));
    }
  }
  return NULL;
}

/* ---- locale: language and country from the C library's locale (LANG, LC_ALL...) */

static svm_locale_props_t locale_props;
static char format_language[16], format_country[16], display_language[16], display_country[16];

/* "en_US.UTF-8@euro" -> language "en", country "US"; "C"/"POSIX" -> "en", "" (as the JDK does) */
static void split_locale(const char *name, char *language, char *country) {
  language[0] = country[0] = '\0';
  if (name == NULL || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0 || strncmp(name, "C.", 2) == 0) {
    strcpy(language, "en");
    return;
  }
  size_t i = 0;
  while (name[i] != '\0' && name[i] != '_' && name[i] != '.' && name[i] != '@' && i < 15) {
    language[i] = name[i];
    i++;
  }
  language[i] = '\0';
  if (name[i] == '_') {
    size_t j = 0;
    i++;
    while (name[i] != '\0' && name[i] != '.' && name[i] != '@' && j < 15) {
      country[j++] = name[i++];
    }
    country[j] = '\0';
  }
}

int svm_initialize_locale(void) {
  setlocale(LC_ALL, "");
  split_locale(setlocale(LC_CTYPE, NULL), format_language, format_country);
  split_locale(setlocale(LC_MESSAGES, NULL), display_language, display_country);
  locale_props.format_language = format_language;
  locale_props.format_country = format_country[0] != '\0' ? format_country : NULL;
  locale_props.display_language = display_language;
  locale_props.display_country = display_country[0] != '\0' ? display_country : NULL;
  return SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}

svm_locale_props_t *svm_get_locale(void) {
  return &locale_props;
}

/* ---- jdk.internal.misc.Signal: a counting handler in C, a Java thread waiting on a semaphore */

static volatile long pending[NSIG];
static sem_t semaphore;
static volatile int opened;

int cSunMiscSignal_open(void) {
  if (!__sync_bool_compare_and_swap(&opened, 0, 1)) {
    errno = EBUSY;
    return -1;
  }
  memset((void *) pending, 0, sizeof pending);
  if (sem_init(&semaphore, 0, 0) != 0) {
    opened = 0;
    return -1;
  }
  return 0;
}

int cSunMiscSignal_close(void) {
  if (opened) {
    sem_destroy(&semaphore);
    opened = 0;
  }
  return 0;
}

int cSunMiscSignal_awaitSemaphore(void) {
  while (sem_wait(&semaphore) != 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  return 0;
}

int cSunMiscSignal_signalSemaphore(void) {
  return sem_post(&semaphore);
}

int cSunMiscSignal_signalRangeCheck(int sig) {
  return sig > 0 && sig < NSIG;
}

/* a signal that arrived and is not dispatched yet (its count is taken down by one), or -1 */
int cSunMiscSignal_checkPendingSignal(void) {
  for (int sig = 1; sig < NSIG; sig++) {
    long n;
    while ((n = pending[sig]) > 0) {
      if (__sync_bool_compare_and_swap(&pending[sig], n, n - 1)) {
        return sig;
      }
    }
  }
  return -1;
}

static void counting_handler(int sig) {
  int saved = errno;
  if (sig > 0 && sig < NSIG) {
    __sync_fetch_and_add(&pending[sig], 1);
    sem_post(&semaphore); /* async-signal-safe */
  }
  errno = saved;
}

void *cSunMiscSignal_signalHandlerFunctionPointer(void) {
  return (void *) counting_handler;
}

/* ---- code patching: x86 keeps instruction caches coherent; elsewhere the compiler's builtin */

void codeSynchronization_clearCache(char *start, char *end) {
#if defined(__x86_64__)
  (void) start;
  (void) end;
#else
  __builtin___clear_cache(start, end);
#endif
}

/* ---- the attach API (jcmd): not built into our images (no --enable-monitoring=attach); these
 * answer "not available" should anything ask */

void svm_attach_startup(char *path) {
  (void) path;
}

void svm_attach_listener_cleanup(int fd, char *path) {
  (void) fd;
  (void) path;
}

int svm_attach_check_socket_file(char *path) {
  (void) path;
  return 0;
}

int svm_attach_is_init_trigger(char *path) {
  (void) path;
  return 0;
}

int svm_attach_create_listener(char *path) {
  (void) path;
  return -1;
}

int svm_attach_wait_for_request(int fd) {
  (void) fd;
  return -1;
}

void svm_attach_shutdown_socket(int fd) {
  (void) fd;
}

/* ---- memory: mremap(2) with its optional fifth argument, through C for the varargs ABI */

#include <sys/mman.h>

void *mremapP(void *old_address, size_t old_size, size_t new_size, int flags, void *new_address) {
  return mremap(old_address, old_size, new_size, flags, new_address);
}
