/**
 * Frequent Spanish words, hand-curated, written without accents (lookups fold diacritics).
 * Same role as COMMON_ENGLISH: ordinary words are not unknown proper names, and names that
 * are also words ("Rosa", "Luz", "Esperanza", "Flores") need context to count as names.
 */
export const COMMON_SPANISH = `
a abajo abierto abril abrir abuela abuelo acabar acaso aceptar acerca aclarar acompanar acuerdo adelante ademas adentro
adios afuera agenda agendar agosto agradecer agua ahi ahora ahorita aire al alegre alegria algo alguien algun alguna
alguno algunos alla alli alma alto altura alumno amable amanecer amarillo ambos amigo amiga amor ancho andar angel
angeles animo anio ano anos anoche anotar ante anterior antes anular aparte apellido apenas aplicar apoyo aprender
aprobar aproximadamente aqui arbol archivo arreglar arriba asi asiento asistente asistir asunto atencion atender
atentamente atras aun aunque ausente autobus auto avenida avisar aviso ayer ayuda ayudar azul bajar bajo banco bano
barato barrio bastante beber bebe bebida bien bienvenido bienvenida billete blanco blanca boca bolsa bonito borrar
bueno buena buenas buenos buscar caballero cabeza cada caer cafe caja calle calma cama cambiar cambio caminar camino
camion campo cancelar cansado cantidad capaz cara carne caro carro carta casa casado casi caso causa celular cena
centro cerca cerrado cerrar chico chica cielo cierto cinco cita citas ciudad claro clase cliente clinica cobrar coche
cocina coger comer comida como completar completo comprar comprender con conmigo conocer conseguir consulta
consultorio contar contento contestar contigo continuar contra copia corazon correo correcto correr cosa costar
costo creer cruz cual cualquier cuando cuanto cuarto cuatro cuenta cuidado cuidar cumpleanos cumplir dar dato datos
de deber decir dejar del delante demas demasiado dentro derecha derecho desayuno descansar desde desear despues
detalle detras dia dias diciembre diez diferente dificil dinero direccion disculpa disculpe disponible doce
domingo don donde dormir dos durante e echar edad edificio ejemplo el ella ellas ellos embargo empezar empresa en
encantado encontrar enero entonces entrada entrar entre enviar equipo equivocado error es esa esas escribir escuchar
escuela ese eso esos espacio esperanza esperar esposa esposo esta estaba estado estamos estan estar estas este esto
estos estoy estudiar evento exacto examen explicar facil factura falta familia favor febrero fecha feliz fin final
firma firmar flor flores forma formulario foto frente frio fuera fuerte fui fue fueron gente gracias grande gratis
gris grupo guardar gustar gusto haber habitacion hablar hace hacer hacia hasta hay hermana hermano hija hijo hijos
hoja hola hombre hora horas horario hoy huevo iglesia igual importante informacion informar ingles ir izquierda
jamas jefe joven jueves julio junio juntos la lado largo las le leche leer lejos les levantar libre limpiar linea
listo llamada llamar llegar llenar llevar lo los lugar luego lunes luz madre maestro mal mala malo mama manana mandar
manera mano mantener mar martes marzo mas mayo mayor me medio mejor menor menos mensaje mes mesa meses mi mia mientras
miercoles mil minuto minutos mio mios mirar mis mismo mitad momento mucho mucha muchas muchos mujer mundo muy nada
nadie necesitar negro ni nina nino ninguno no noche nombre nos nosotros nota noticia noviembre nuevo nueve numero
nunca o objeto ocho octubre ocupado oficina ofrecer oir ojala once otra otro otros padre padres pagar pagina pago pais
palabra papa papel para parar parecer pareja parte pasar pasado paz pedir pendiente pensar peor pequeno perder
perdon perfecto permiso pero persona personal pesar piso poco poder por porque portal posible precio preferir
preguntar presente primero primo prima prisa problema pronto propio proximo publico pueblo puede puedo puerta pues
punto que quedar querer queso quien quienes quince quiza quizas rapido razon recepcion recibir recoger recordar
recuerdo regalo regresar regular reloj reprogramar respuesta responder resultado reunion rico rojo romper ropa rosa
rosado sabado saber sacar sala salida salir saludo saludos sangre se seguir segundo seguro seis semana semanas
senor senora senorita sentir septiembre ser servicio si sido siempre siete siguiente silla sin sino sitio sobre sol
solo soltero sonar su subir sus tal tambien tampoco tan tanto tarde tarjeta te telefono temprano tener tengo terminar
tiempo tienda tiene tienen tio tia toda todavia todo todos tomar trabajar trabajo traer tranquilo tras tratar tres
triste tu tus tuyo ultimo un una uno unos usar usted ustedes vale valor vamos varios veces vecino veinte venir
ventana ver verano verdad verde vez viaje vida viejo viernes visita visitar vivir volver vosotros voy y ya yo
abogado acompanante actualizar adjunto agradecemos anotado atentos avisame avisarle avisenme aviseme bendiciones
confirmar confirmado confirmacion contestame cuidese disculpas esperamos estimado estimada favorcito gracias
llamame llamenos llameme mande mandame mensajito mijo mija oiga oye porfa porfavor pq xq q k tmb tb bn msj dnd
ok vale sale orale ay bueno claro pues nomas ahi andale chido padre neta gueno
llegare llegaremos llego llegue tarde temprano minutos retraso demora atrasado
cuanto cuesta copago efectivo cheque deducible
doctor doctora enfermera enfermero recepcionista medico
estacionamiento piso sala elevador entrada
dolores consuelo amparo soledad pilar mercedes socorro milagros rocio paloma blanca estrella victoria gloria
asuncion concepcion trinidad luz paz reyes santos cruz leon rios vega campos castillo fuentes delgado blanco
moreno rubio prieto calvo bravo rey nieves nieto nieta segura rojas rojo mata correa luna cordero paredes pared ramos ramo vela limon pena guerra leal mercado molina cano vera sierra costa villa rosales pacheco lira bueno
`;

/** Irregular and frequent Spanish verb forms (regular conjugations are generated from the infinitives above). */
export const IRREGULAR_SPANISH = `
soy eres es somos son era eras eramos eran fui fuiste fue fuimos fueron sere sera seran sea sean seria
estoy estas esta estamos estan estaba estaban estuve estuvo estuvieron estare estara este esten estaria
tengo tienes tiene tenemos tienen tenia tenian tuve tuvo tuvimos tuvieron tendre tendra tenga tengan tendria
puedo puedes puede podemos pueden podia pude pudo pudieron podre podra pueda puedan podria podrian
quiero quieres quiere queremos quieren queria quise quiso quisiera quisieran querria
hago haces hace hacemos hacen hacia hice hizo hicieron hare hara haga hagan haria hecho
voy vas va vamos van iba iban ire ira vaya vayan iria
he has ha hemos han habia habian hubo habra haya hayan habria
digo dices dice decimos dicen decia dije dijo dijeron dire dira diga digan dicho
vengo vienes viene venimos vienen venia vine vino vinieron vendre vendra venga vengan
doy das da damos dan daba di dio dieron dare dara de den
se sabes sabe sabemos saben sabia supe supo sabre sabra sepa sepan
veo ves ve vemos ven veia vi vio vieron vere vera vea vean visto
salgo sales sale salimos salen salia sali salio salieron saldre saldra salga salgan
pongo pones pone ponemos ponen puse puso pusieron pondre pondra ponga pongan puesto
traigo traes trae traemos traen traje trajo trajeron traiga traigan
oigo oyes oye oimos oyen oi oyo oyeron oiga oigan
siento sientes siente sentimos sienten senti sintio sintieron sienta
pienso piensas piensa pensamos piensan
duermo duerme duermen durmio
pido pide piden pidio pidieron
sigo sigue siguen siguio siga
vuelvo vuelve vuelven volvio vuelva
cuesta cuestan encuentro encuentra prefiero prefiere empiezo empieza empiezan entiendo entiende entienden
recuerdo recuerda recuerdan necesito necesita necesitan necesitamos llego llega llegan llegamos
muero muere murio muerto duele duelen
`;

/** More everyday Spanish words of clinic logistics. */
export const COMMON_SPANISH_MORE = `
factura facturacion recibo saldo pago pagos cobro cobros aseguranza seguro formulario formularios papeles papeleria
recordatorio recordatorios entendido buen buena felices feliz fiestas pacientes paciente nuevo nuevos marque
marcar califique calificar diganos decirnos saquen sacar reciclaje basura estaremos estare cerrados cerrada abierta
llamenos escribanos avisenos responda responder conteste traiga traer venga lleguen llegue favor porfavor
estacionamiento trafico trafico cuarto cuartos puerta puertas elevador escaleras sala espera recepcion ventanilla
correo correos mensaje mensajes texto textos mande manden envie envien cita citas horario horarios
interprete interpretes idioma idiomas ingles espanol costo costos gratis disponible disponibles
jesus dios senor virgen
`;
