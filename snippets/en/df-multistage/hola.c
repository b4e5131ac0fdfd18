#include <stdio.h>

int main(int argc, char *argv[])
{
    const char *nombre = argc > 1 ? argv[1] : "world";

    printf("Hello, %s! I am a static binary compiled in another stage.\n", nombre);
    return 0;
}
