/*
 * The part of HotSpot's libjvm that Temurin's shared libraries (libjava, libnet, libnio, libzip,
 * libextnet) need when a native image links them instead of the static JDK libraries a GraalVM
 * distribution ships. The image itself is the VM: svm replaces almost every native method that
 * would call into libjvm, so only what the remaining JNI code calls is implemented here. The
 * build generates an aborting definition for every other JVM_* / jio_* symbol those libraries
 * import (jvm-unimplemented.c) and reports both lists; an aborting one that is reached stops the
 * process with its name, never silently.
 *
 * O2_NATIVE_JVM_TRACE=<file>: each function appends its name to the file on its first call (the
 * tests use it to show which functions the extension's paths reach).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <jni.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "o2jvm.h"

void o2_jvm_trace(const char *name) {
  const char *file = getenv("O2_NATIVE_JVM_TRACE");
  if (file == NULL || *file == '\0') {
    return;
  }
  int fd = open(file, O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd >= 0) {
    char line[128];
    int n = snprintf(line, sizeof line, "%s\n", name);
    if (n > 0 && write(fd, line, (size_t) n) < 0) {
      /* tracing is best effort */
    }
    close(fd);
  }
}

void o2_jvm_unimplemented(const char *name) {
  o2_jvm_trace(name);
  static const char prefix[] = "o2-lambda-extension: the native runtime reached ";
  static const char suffix[] = ", which it does not implement; stopping\n";
  if (write(2, prefix, sizeof prefix - 1) < 0 || write(2, name, strlen(name)) < 0
      || write(2, suffix, sizeof suffix - 1) < 0) {
    /* nothing more to do: abort below */
  }
  abort();
}

#define TRACE_ONCE(name)                                                                           \
  do {                                                                                             \
    static volatile int traced;                                                                    \
    if (!traced) {                                                                                 \
      traced = 1;                                                                                  \
      o2_jvm_trace(name);                                                                          \
    }                                                                                              \
  } while (0)

/* ---- the image's own calls (svm's Jvm class): start-up needs nothing from us */

JNIEXPORT void JNICALL initialize(void) {
  TRACE_ONCE("initialize");
}

/* Runtime.halt (Shutdown.halt0 in libjava): the process ends with the status, without Java's
 * shutdown hooks; C's exit handlers run and stdio is flushed, as HotSpot's vm_exit does */
JNIEXPORT void JNICALL JVM_BeforeHalt(void) {
  TRACE_ONCE("JVM_BeforeHalt");
}

JNIEXPORT void JNICALL JVM_Halt(jint code) {
  TRACE_ONCE("JVM_Halt");
  exit(code);
}

/* ---- time */

static jlong clock_nanos(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (jlong) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

JNIEXPORT jlong JNICALL JVM_CurrentTimeMillis(JNIEnv *env, jclass ignored) {
  (void) env;
  (void) ignored;
  TRACE_ONCE("JVM_CurrentTimeMillis");
  return clock_nanos(CLOCK_REALTIME) / 1000000;
}

JNIEXPORT jlong JNICALL JVM_NanoTime(JNIEnv *env, jclass ignored) {
  (void) env;
  (void) ignored;
  TRACE_ONCE("JVM_NanoTime");
  return clock_nanos(CLOCK_MONOTONIC);
}

/* nanoseconds of the current time past offset_secs, or -1 when that is more than 2^32 s away
 * (the contract jdk.internal.misc.VM.getNanoTimeAdjustment documents) */
JNIEXPORT jlong JNICALL JVM_GetNanoTimeAdjustment(JNIEnv *env, jclass ignored, jlong offset_secs) {
  (void) env;
  (void) ignored;
  TRACE_ONCE("JVM_GetNanoTimeAdjustment");
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  jlong diff = (jlong) ts.tv_sec - offset_secs;
  if (diff >= 4294967296LL || diff <= -4294967296LL) {
    return -1;
  }
  return diff * 1000000000 + ts.tv_nsec;
}

/* ---- the machine */

JNIEXPORT jint JNICALL JVM_ActiveProcessorCount(void) {
  TRACE_ONCE("JVM_ActiveProcessorCount");
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) {
      return n;
    }
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (jint) n : 1;
}

/* ---- native libraries */

JNIEXPORT void *JNICALL JVM_FindLibraryEntry(void *handle, const char *name) {
  TRACE_ONCE("JVM_FindLibraryEntry");
  return dlsym(handle, name);
}

/* HotSpot's os::native_path is the identity on Linux */
JNIEXPORT char *JNICALL JVM_NativePath(char *path) {
  TRACE_ONCE("JVM_NativePath");
  return path;
}

/* no JMM (java.lang.management) interface in this runtime: libmanagement_ext's JNI_OnLoad
 * sees NULL and reports that it cannot be used */
JNIEXPORT void *JNICALL JVM_GetManagement(jint version) {
  (void) version;
  TRACE_ONCE("JVM_GetManagement");
  return NULL;
}

/* java.io.tmpdir's default on Linux */
JNIEXPORT jstring JNICALL JVM_GetTemporaryDirectory(JNIEnv *env) {
  TRACE_ONCE("JVM_GetTemporaryDirectory");
  return (*env)->NewStringUTF(env, "/tmp");
}

/* ---- raw monitors (libzip): re-entrant, as HotSpot's are */

JNIEXPORT void *JNICALL JVM_RawMonitorCreate(void) {
  TRACE_ONCE("JVM_RawMonitorCreate");
  pthread_mutex_t *mutex = malloc(sizeof *mutex);
  if (mutex == NULL) {
    return NULL;
  }
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  return mutex;
}

JNIEXPORT void JNICALL JVM_RawMonitorDestroy(void *monitor) {
  TRACE_ONCE("JVM_RawMonitorDestroy");
  if (monitor != NULL) {
    pthread_mutex_destroy(monitor);
    free(monitor);
  }
}

JNIEXPORT jint JNICALL JVM_RawMonitorEnter(void *monitor) {
  TRACE_ONCE("JVM_RawMonitorEnter");
  return pthread_mutex_lock(monitor) == 0 ? 0 : -1;
}

JNIEXPORT void JNICALL JVM_RawMonitorExit(void *monitor) {
  TRACE_ONCE("JVM_RawMonitorExit");
  pthread_mutex_unlock(monitor);
}

/* ---- jio_* printf family: C's, with HotSpot's guarantee of a terminated buffer */

JNIEXPORT int jio_vsnprintf(char *str, size_t count, const char *fmt, va_list args) {
  TRACE_ONCE("jio_vsnprintf");
  if (count == 0) {
    return -1;
  }
  int n = vsnprintf(str, count, fmt, args);
  if (n < 0 || (size_t) n >= count) {
    str[count - 1] = '\0';
    return -1;
  }
  return n;
}

JNIEXPORT int jio_snprintf(char *str, size_t count, const char *fmt, ...) {
  TRACE_ONCE("jio_snprintf");
  va_list args;
  va_start(args, fmt);
  int n = jio_vsnprintf(str, count, fmt, args);
  va_end(args);
  return n;
}

JNIEXPORT int jio_vfprintf(FILE *file, const char *fmt, va_list args) {
  TRACE_ONCE("jio_vfprintf");
  return vfprintf(file, fmt, args);
}

JNIEXPORT int jio_fprintf(FILE *file, const char *fmt, ...) {
  TRACE_ONCE("jio_fprintf");
  va_list args;
  va_start(args, fmt);
  int n = vfprintf(file, fmt, args);
  va_end(args);
  return n;
}
