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
#include <stddef.h>

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

#define BUILT_IN(name, file)                                                                       \
  JNIEXPORT jint JNICALL JNI_OnLoad_##name(JavaVM *vm, void *reserved) {                           \
    return on_load(file, vm, reserved);                                                            \
  }

BUILT_IN(java, "libjava.so")
BUILT_IN(net, "libnet.so")
BUILT_IN(nio, "libnio.so")
BUILT_IN(zip, "libzip.so")
BUILT_IN(extnet, "libextnet.so")
BUILT_IN(management_ext, "libmanagement_ext.so")
