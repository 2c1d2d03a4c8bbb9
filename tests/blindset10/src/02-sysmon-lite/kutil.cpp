// kutil.cpp - out of line pieces of kutil.h
#include "kutil.h"

void __cdecl operator delete(void* p, size_t)
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kutil::DefaultTag);
    }
}

void __cdecl operator delete(void* p)
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kutil::DefaultTag);
    }
}
