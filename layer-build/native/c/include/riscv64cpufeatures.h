/* Generated from the field list of svm's @CStruct CPUFeatures for this architecture (svm 25.0.4):
 * one byte per feature, 1 when the CPU has it. Layout only; see ../chelper.c. */
#ifndef O2_RISCV64CPUFEATURES_H
#define O2_RISCV64CPUFEATURES_H
typedef struct {
  char fI;
  char fM;
  char fA;
  char fF;
  char fD;
  char fC;
  char fV;
} CPUFeatures;
#endif
