/* Excluded from the build: no project gives it flags. */
int old_code;
