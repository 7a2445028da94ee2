/* Shared by jvm.c and the generated jvm-unimplemented.c */
#ifndef O2_JVM_H
#define O2_JVM_H
void o2_jvm_trace(const char *name);
void o2_jvm_unimplemented(const char *name) __attribute__((noreturn));
#endif
