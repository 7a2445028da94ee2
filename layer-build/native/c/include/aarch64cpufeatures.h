/* Generated from the field list of svm's @CStruct CPUFeatures for this architecture (svm 25.0.4):
 * one byte per feature, 1 when the CPU has it. Layout only; see ../chelper.c. */
#ifndef O2_AARCH64CPUFEATURES_H
#define O2_AARCH64CPUFEATURES_H
typedef struct {
  char fFP;
  char fASIMD;
  char fEVTSTRM;
  char fAES;
  char fPMULL;
  char fSHA1;
  char fSHA2;
  char fCRC32;
  char fLSE;
  char fDCPOP;
  char fSHA3;
  char fSHA512;
  char fSVE;
  char fSVE2;
  char fSTXR_PREFETCH;
  char fA53MAC;
  char fDMB_ATOMICS;
  char fPACA;
  char fSVEBITPERM;
  char fFPHP;
  char fASIMDHP;
} CPUFeatures;
#endif
