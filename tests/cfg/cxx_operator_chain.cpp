// Overloaded operators chained as user-mode tools print: each call once
// (the left operand is an argument, not a callee to walk again; walking it
// twice a level made 2^n calls).
struct Stream {
    Stream &operator<<(const char *text);
    Stream &operator<<(int value);
};
struct Log {};
Log &operator<<(Log &log, const char *text);

Stream out;
Log log;

void Usage(int code)
{
    out << "usage: " << code << " " << 1 << " " << 2 << "\n";
    log << "a" << "b" << "c" << "d";
}
