// kg.hpp - keyguard, the in-kernel half of the keyring agent.
//
// The agent (same code base as the Linux keyctl backend) never sees the
// wrapping key: it hands plaintext to \\.\KeyGuard and gets AES-GCM blobs
// back.  While the agent runs, other processes cannot open it for VM access.
#pragma once

#include <ntddk.h>
#include <bcrypt.h>

#define KG_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "keyguard: " fmt "\n", ##__VA_ARGS__)

#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION    0x0008
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ         0x0010
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE        0x0020
#endif

#define IOCTL_KG_REGISTER_AGENT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KG_SEAL           CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)

namespace kg {

constexpr ULONG kTag        = 'dGyK';
constexpr ULONG kKeyBytes   = 32;
constexpr ULONG kNonceBytes = 12;
constexpr ULONG kAuthBytes  = 16;
constexpr ULONG kMaxSeal    = 4096;

namespace crypto {
NTSTATUS Init();
void     Fini();
NTSTATUS Seal(const UCHAR* in, ULONG inLen, UCHAR* out, ULONG outLen, ULONG* written);
} // namespace crypto

struct Globals {
    PDEVICE_OBJECT  Device;
    PVOID           ObHandle;
    volatile HANDLE AgentPid;
};

extern Globals g;

} // namespace kg
