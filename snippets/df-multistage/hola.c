#include <stdio.h>

int main(int argc, char *argv[])
{
    const char *nombre = argc > 1 ? argv[1] : "mundo";

    printf("¡Hola, %s! Soy un binario estático compilado en otra etapa.\n", nombre);
    return 0;
}
