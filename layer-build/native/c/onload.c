/*
 * Entry points of the JDK libraries as built-in libraries. The image treats java, net, nio, zip,
 * extnet (and management_ext) as linked in statically and calls JNI_OnLoad_<name>, which must
 * answer JNI 1.8; we link Temurin's shared libraries instead, whose entry point is plain
 * JNI_OnLoad (answering 1.2). Each one here runs that library's own JNI_OnLoad, when it has one
 * (libnet's decides IPv6 and SO_REUSEPORT support there), and answers 1.8.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <link.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef jint (*on_load_fn)(JavaVM *, void *);

static jint on_load(const char *library, JavaVM *vm, void *reserved) {
  void *handle = dlopen(library, RTLD_NOW | RTLD_NOLOAD);
  if (handle == NULL) {
    return JNI_VERSION_1_8;
  }
  jint version = JNI_VERSION_1_8;
  void *own = dlsym(handle, "JNI_OnLoad");
  struct link_map *map = NULL;
  Dl_info info;
  /* dlsym also searches the library's dependencies: take only a JNI_OnLoad defined in it */
  if (own != NULL && dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != NULL && dladdr(own, &info) != 0
      && (ElfW(Addr)) info.dli_fbase == map->l_addr) {
    jint answer = ((on_load_fn) own)(vm, reserved);
    if (answer < 0) {
      version = answer;
    }
  }
  dlclose(handle);
  return version;
}

/*
 * Read-around off for the executable's own mappings (its code and image heap): by default the
 * kernel reads ahead around every page fault of a file mapping and maps the neighbours too, so a
 * program that touches a few scattered pages of a 70 MB image ends up with most of it in memory,
 * and Lambda counts that page cache against the function's memory. With MADV_RANDOM only the
 * pages the extension touches are read. Done when libjava is set up, which is after the image
 * heap has been mapped and before the application starts. O2_NATIVE_READ_AROUND=1 keeps the
 * kernel's default (for measurements).
 */
static void advise_random(void) {
  const char *keep = getenv("O2_NATIVE_READ_AROUND");
  if (keep != NULL && strcmp(keep, "1") == 0) {
    return;
  }
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  FILE *maps = fopen("/proc/self/maps", "re");
  if (n <= 0 || maps == NULL) {
    if (maps != NULL) {
      fclose(maps);
    }
    return;
  }
  self[n] = '\0';
  char line[PATH_MAX + 128];
  while (fgets(line, sizeof line, maps) != NULL) {
    unsigned long start, end;
    char path[PATH_MAX];
    if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %4095s", &start, &end, path) == 3 && strcmp(path, self) == 0) {
      madvise((void *) start, end - start, MADV_RANDOM);
    }
  }
  fclose(maps);
}

#define BUILT_IN(name, file)                                                                       \
  JNIEXPORT jint JNICALL JNI_OnLoad_##name(JavaVM *vm, void *reserved) {                           \
    return on_load(file, vm, reserved);                                                            \
  }

JNIEXPORT jint JNICALL JNI_OnLoad_java(JavaVM *vm, void *reserved) {
  advise_random();
  return on_load("libjava.so", vm, reserved);
}
BUILT_IN(net, "libnet.so")
BUILT_IN(nio, "libnio.so")
BUILT_IN(zip, "libzip.so")
BUILT_IN(extnet, "libextnet.so")
BUILT_IN(management_ext, "libmanagement_ext.so")
