// Memory.h
#pragma once

#include "kstd.h"
#include "ioctl.h"

namespace memrd {

NTSTATUS ReadProcessMemory(const ReadRequest& req, PVOID out, ULONG outSize, ULONG* copied);
NTSTATUS ListProcesses(ProcessEntry* out, ULONG maxEntries, ULONG* count);

} // namespace memrd
